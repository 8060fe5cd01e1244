import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestApp, TestApp } from './app-factory.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'src', 'database', 'cli.js');

function bootstrap(
  url: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'members:bootstrap', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATABASE_URL: url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `npm run members:bootstrap`: the first organisation and administrator key of a new installation. */
describe('members:bootstrap (dist/src/database/cli.js)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ BOOTSTRAP_ADMIN_KEY: '' })));
  afterAll(() => t.close());

  it('creates the first organisation and an admin key that works at once, then refuses a second', async () => {
    const run = await bootstrap(t.db.url, ['--organisation', 'IFEX', '--member', 'First Admin']);
    expect(run.code).toBe(0);
    const key = run.stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^itk_[0-9a-f]{8}_/);
    const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${key}`).expect(200);
    expect(me.body).toMatchObject({ role: 'admin', organisationName: 'IFEX' });
    await t.http().get('/api/v1/organisations').set('authorization', `Bearer ${key}`).expect(200);

    const again = await bootstrap(t.db.url, ['--organisation', 'IFEX', '--member', 'Second']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('administrator');
    const another = await bootstrap(t.db.url, [
      '--organisation',
      'IFEX',
      '--member',
      'Second',
      '--another',
    ]);
    expect(another.code).toBe(0);
  });
});
