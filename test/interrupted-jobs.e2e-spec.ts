import { hostname } from 'node:os';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { InterruptedJobs, THIS_RUNNER } from '../src/imports/interrupted-jobs.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** Import jobs left unfinished by a process that died are marked failed, on start and after. */
describe('Interrupted import jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  /** A job as a process left it: its state, runner, and how long ago it was last heard of. */
  const job = async (state: string, runner: string | null, silentMinutes: number | null) => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO import_jobs (format, dry_run, mode, created_by, state, started_at, runner, heartbeat_at, created_at)
       VALUES ('cpj-api', false, 'all_or_nothing', 'test', $1,
               CASE WHEN $1 = 'queued' THEN NULL ELSE now() - interval '1 hour' END, $2,
               now() - make_interval(mins => $3::int), now() - make_interval(mins => coalesce($3::int, 0)))
       RETURNING id`,
      [state, runner, silentMinutes],
    );
    return id as string;
  };
  const states = async (ids: string[]) =>
    (
      await t.dataSource.query(
        `SELECT id, state, error FROM import_jobs WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).reduce(
      (
        all: Record<string, { state: string; error: string | null }>,
        r: { id: string; state: string; error: string | null },
      ) => ({
        ...all,
        [r.id]: { state: r.state, error: r.error },
      }),
      {},
    );

  it('marks failed, on start, the jobs whose process is gone, saying nothing was committed', async () => {
    const deadHere = await job('running', `${hostname()}:2147483646:a1b2c3d4`, 0);
    const liveElsewhere = await job('running', 'another-host:41:a1b2c3d4', 0);
    const silentElsewhere = await job('running', 'another-host:42:a1b2c3d4', 10);
    const queuedLongAgo = await job('queued', null, 10);
    const queuedNow = await job('queued', null, 0);
    const finished = await job('succeeded', `${hostname()}:2147483646:a1b2c3d4`, 10);
    // A second instance starts on the same database, as after a crash.
    const next = await createApp(
      AppConfig.fromEnv({
        LOG_LEVEL: 'silent',
        BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        DATABASE_URL: t.db.url,
      }),
    );
    await next.init();
    await next.close();
    const after = await states([
      deadHere,
      liveElsewhere,
      silentElsewhere,
      queuedLongAgo,
      queuedNow,
      finished,
    ]);
    expect(
      [deadHere, liveElsewhere, silentElsewhere, queuedLongAgo, queuedNow, finished].map(
        (id) => after[id].state,
      ),
    ).toEqual(['failed', 'running', 'failed', 'failed', 'queued', 'succeeded']);
    expect(after[deadHere].error).toMatch(
      /^interrupted: the process running it \(.*:2147483646:a1b2c3d4\) stopped before the job finished; nothing of it was committed/,
    );
    expect(after[queuedLongAgo].error).toMatch(/^interrupted: the process that queued it stopped/);
  });

  it('leaves the jobs this process runs, and answers how many it marked', async () => {
    const sweeper = t.app.get(InterruptedJobs);
    const mine = await job('running', null, 0);
    await t.dataSource.query(`UPDATE import_jobs SET runner = $2 WHERE id = $1`, [
      mine,
      THIS_RUNNER,
    ]);
    expect(await sweeper.sweep()).toBe(0);
    expect((await states([mine]))[mine].state).toBe('running');
    const gone = await job('running', `${hostname()}:2147483646:ffffffff`, 0);
    expect(await sweeper.sweep()).toBe(1);
    expect((await states([gone]))[gone].state).toBe('failed');
  });
});
