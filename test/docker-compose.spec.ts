import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { AppConfig, ENVIRONMENT_VARIABLES } from '../src/config/app-config.js';

/**
 * The deployment files are checked here, without a Docker engine: what they configure must be
 * what the service reads, and the services must start in the right order.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean> | string[];
  ports?: (string | number)[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string | string[] };
  volumes?: string[];
}

/** What an operator would export before `docker compose up`. */
const SAMPLE_ENV: Record<string, string> = {
  BOOTSTRAP_ADMIN_KEY: 'k'.repeat(48),
  POSTGRES_PASSWORD: 'sample-password',
};

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g,
    (_, name: string, colon: string, kind: string, rest: string) => {
      const set = colon ? Boolean(env[name]) : env[name] !== undefined;
      if (set) return env[name];
      if (kind === '-') return rest;
      if (kind === '?') throw new Error(`${name}: ${rest}`);
      return '';
    },
  );
}

function environmentOf(service: Service, env = SAMPLE_ENV): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)] as const);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v, env)]));
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
    volumes?: Record<string, unknown>;
  };
  const { postgres, migrate, api } = compose.services;

  it('has the database, the migration job and the API', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres']);
    expect(postgres.image).toMatch(/^postgres:17(\b|$)/);
    // One image for both: the job migrates exactly the code the API runs.
    expect(migrate.image).toBe(api.image);
    expect(migrate.build).toEqual(api.build);
    expect(api.build).toBeDefined();
  });

  it('keeps the database in a named volume and checks it with pg_isready', () => {
    const [volume] = postgres.volumes ?? [];
    expect(volume).toMatch(/^[\w-]+:\/var\/lib\/postgresql\/data$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(volume.split(':')[0]);
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
  });

  it('sets only variables that the service knows', () => {
    for (const service of [api, migrate]) {
      const unknown = Object.keys(environmentOf(service)).filter(
        (name) => !(ENVIRONMENT_VARIABLES as readonly string[]).includes(name),
      );
      expect(unknown).toEqual([]);
    }
  });

  it('gives the API and the migration job a configuration AppConfig accepts', () => {
    for (const service of [api, migrate]) {
      expect(() => AppConfig.fromEnv(environmentOf(service))).not.toThrow();
      expect(AppConfig.fromEnv(environmentOf(service)).embedded).toBe(false);
    }
    const config = AppConfig.fromEnv(environmentOf(api));
    expect(config.host).toBe('0.0.0.0');
    expect(config.bootstrapAdminKey).toBe(SAMPLE_ENV.BOOTSTRAP_ADMIN_KEY);
  });

  it('refuses to start the API without an admin key, saying why', () => {
    const withoutKey = { ...SAMPLE_ENV };
    delete withoutKey.BOOTSTRAP_ADMIN_KEY;
    expect(() => environmentOf(api, withoutKey)).toThrow(/BOOTSTRAP_ADMIN_KEY: .*32 characters/);
  });

  it('publishes the port the API listens on', () => {
    const config = AppConfig.fromEnv(environmentOf(api));
    expect(api.ports).toHaveLength(1);
    const [hostPort, containerPort] = String(api.ports![0]).split(':').slice(-2).map(Number);
    expect(containerPort).toBe(config.port);
    expect(hostPort).toBe(3000);
    expect(JSON.stringify(api.healthcheck?.test)).toContain(`:${config.port}/health`);
  });

  it('points both at the postgres service, with its user, password and database', () => {
    const db = environmentOf(postgres);
    for (const service of [api, migrate]) {
      const url = new URL(environmentOf(service).DATABASE_URL);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.port || '5432').toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(db.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(db.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
    }
    expect(db.POSTGRES_PASSWORD).toBe(SAMPLE_ENV.POSTGRES_PASSWORD);
  });

  it('starts in order: database healthy, then migrations done, then the API', () => {
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
  });

  it('migrates and seeds with the compiled CLI, at a path the build produces', () => {
    const command = [migrate.command ?? []].flat().join(' ');
    const steps = [...command.matchAll(/node (\S+) ([\w:]+)/g)].map((m) => [m[1], m[2]]);
    expect(steps.map(([, step]) => step)).toEqual(['migration:run', 'seed']);
    for (const [script] of steps) {
      expect(script).toBe('dist/src/database/cli.js');
      expect(existsSync(path.join(ROOT, script))).toBe(true);
    }
    // A failed migration must stop the chain (and so keep the API from starting).
    expect(command).toContain('migration:run &&');
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: { from: string; name?: string; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const runtime = stages.at(-1)!;
  const instruction = (name: string) =>
    runtime.lines.filter((line) => line.toUpperCase().startsWith(`${name} `));

  it('builds in one stage and runs in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].lines.join('\n')).toMatch(/npm ci[^]*npm run build[^]*npm prune --omit=dev/);
    expect(instruction('COPY').every((line) => line.includes('--from='))).toBe(true);
  });

  it('runs on a Node.js LTS image, version 22 or later', () => {
    for (const stage of stages) {
      const match = /^node:(\d+)(?:[.-]|$)/.exec(stage.from);
      expect(match).not.toBeNull();
      const major = Number(match![1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(major % 2).toBe(0); // even majors are the ones that become LTS
    }
  });

  it('runs as a user other than root', () => {
    const users = instruction('USER').map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
  });

  it('listens on all interfaces at the exposed port, checks /health, and starts the compiled service', () => {
    const env = instruction('ENV').join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(instruction('EXPOSE')).toEqual([`EXPOSE ${port}`]);
    expect(instruction('HEALTHCHECK').join(' ')).toMatch(/node.*\/health/);
    const cmd = JSON.parse(instruction('CMD')[0].slice(4)) as string[];
    expect(cmd).toEqual(['node', 'dist/src/main.js']);
    expect(existsSync(path.join(ROOT, cmd[1]))).toBe(true);
  });

  it('leaves local data, dependencies and builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.git', '.data', 'node_modules', 'dist', '.env']) {
      expect(ignored).toContain(entry);
    }
  });
});
