import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AppConfig } from '../src/config/app-config.js';
import { freePort, startEmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';

/**
 * `npm run bench -- soak`: the service as deployed (`node dist/src/main.js`) under a few minutes of
 * mixed load — lists, single cases, figures (cached and recomputed), GraphQL, and writes — from
 * SOAK_CONCURRENCY clients for SOAK_SECONDS seconds (defaults 16 and 180). Prints, per operation,
 * the requests, errors (anything but the expected status) and latency percentiles, and the
 * server's memory at the start, the middle and the end.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);
const ADMIN_KEY = 'soak-admin-key-0123456789abcdefghijklmnopqrstuv';
const COUNTRIES = ['PH', 'MX', 'IQ', 'SY', 'PK', 'IN', 'CO', 'HN', 'BR', 'SO'];
const say = (line: string) => void process.stdout.write(`${line}\n`);

const rss = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) * 1024 : 0;
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

interface Operation {
  name: string;
  weight: number;
  /** The request to send; `expect` is the status that counts as success. */
  make(): { method: string; url: string; body?: unknown; auth?: boolean; headers?: object };
  expect: number;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'tracker-soak-'));
  chmodSync(work, 0o755);
  const embedded = await startEmbeddedDatabase(path.join(work, 'data'));
  const port = await freePort();
  try {
    await ensureDatabase(embedded.adminUrl, 'soak');
    const url = embedded.urlFor('soak');
    await prepareDatabase(AppConfig.fromEnv({ DATABASE_URL: url }));
    await soak(url, port);
  } finally {
    await embedded.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function soak(databaseUrl: string, port: number): Promise<void> {
  const server = spawn(process.execPath, [path.join(here, '../src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(200);
    }
    const send = async (op: ReturnType<Operation['make']>) => {
      const res = await fetch(`${base}${op.url}`, {
        method: op.method,
        headers: {
          ...(op.body ? { 'content-type': 'application/json' } : {}),
          ...(op.auth ? { authorization: `Bearer ${ADMIN_KEY}` } : {}),
          ...(op.headers ?? {}),
        },
        body: op.body ? JSON.stringify(op.body) : undefined,
      });
      return { status: res.status, body: await res.text() };
    };

    // A small dataset to read and write: 60 killings in ten countries.
    const caseIds: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const res = await send({
        method: 'POST',
        url: '/api/v1/incidents',
        auth: true,
        body: {
          dateStart: `${2006 + (i % 18)}-0${1 + (i % 9)}-1${i % 10}`,
          datePrecision: 'day',
          countryCode: COUNTRIES[i % COUNTRIES.length],
          place: `Soak ${i}`,
          attackTypes: ['murder'],
          victims: [
            {
              person: { fullName: `Soak Victim ${i}`, gender: 'female', nationalities: ['PH'] },
              outcome: 'killed',
              localForeign: 'local',
            },
          ],
        },
      });
      if (res.status !== 201) throw new Error(`seeding: ${res.status} ${res.body}`);
      caseIds.push((JSON.parse(res.body) as { victims: { caseId: string }[] }).victims[0].caseId);
    }

    const operations: Operation[] = [
      {
        name: 'GET /cases',
        weight: 5,
        expect: 200,
        make: () => ({ method: 'GET', url: `/api/v1/cases?limit=50&country=${pick(COUNTRIES)}` }),
      },
      {
        name: 'GET /cases/{id}',
        weight: 5,
        expect: 200,
        make: () => ({ method: 'GET', url: `/api/v1/cases/${pick(caseIds)}` }),
      },
      {
        name: 'GET figure (cached)',
        weight: 4,
        expect: 200,
        make: () => ({ method: 'GET', url: '/api/v1/statistics/killings?groupBy=year' }),
      },
      {
        name: 'GET figure (computed)',
        weight: 2,
        expect: 200,
        make: () => ({
          method: 'GET',
          url: `/api/v1/statistics/unresolved-ratio?country=${pick(COUNTRIES)}`,
          headers: { 'cache-control': 'no-cache' },
        }),
      },
      {
        name: 'POST /graphql',
        weight: 3,
        expect: 200,
        make: () => ({
          method: 'POST',
          url: '/graphql',
          body: {
            query: `{ cases(first: 20, filter: { country: "${pick(COUNTRIES)}" }) { data { id outcome } }
                      statistics { a: killings { value } b: impunityShare { value } c: unresolvedRatio { value } } }`,
          },
        }),
      },
      {
        name: 'POST /people',
        weight: 1,
        expect: 201,
        make: () => ({
          method: 'POST',
          url: '/api/v1/people',
          auth: true,
          body: { fullName: `Soak Person ${Math.random()}`, gender: 'male', nationalities: ['MX'] },
        }),
      },
      {
        name: 'POST status entry',
        weight: 1,
        expect: 201,
        make: () => ({
          method: 'POST',
          url: `/api/v1/cases/${pick(caseIds)}/status-history`,
          auth: true,
          body: {
            scheme: 'unesco',
            status: pick(['ongoing', 'no_information', 'resolved']),
            effectiveDate: `2024-0${1 + Math.floor(Math.random() * 9)}-15`,
            reportedBy: 'state',
          },
        }),
      },
    ];
    const wheel = operations.flatMap((op) => Array<Operation>(op.weight).fill(op));
    const stats = new Map(
      operations.map((op) => [op.name, { latencies: [] as number[], errors: 0, sample: '' }]),
    );
    const memory = async (when: string) => {
      const metrics = await fetch(`${base}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      const heap = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(metrics)?.[1];
      say(
        `memory  ${when.padEnd(6)} server RSS ${mb(rss(server.pid!))} MB, heap used ${heap ? mb(Number(heap)) : '?'} MB`,
      );
    };

    say(`soak    ${SECONDS} s, ${CONCURRENCY} clients, ${caseIds.length} seeded killings`);
    await memory('start');
    const started = Date.now();
    const until = started + SECONDS * 1000;
    let middle = false;
    const client = async () => {
      while (Date.now() < until) {
        if (!middle && Date.now() >= started + (SECONDS * 1000) / 2) {
          middle = true;
          void memory('middle');
        }
        const op = pick(wheel);
        const stat = stats.get(op.name)!;
        const t0 = performance.now();
        try {
          const sent = op.make();
          const res = await send(sent);
          const graphqlErrors = sent.url === '/graphql' && res.body.includes('"errors"');
          if (res.status !== op.expect || graphqlErrors) {
            stat.errors += 1;
            stat.sample ||= `${res.status} ${res.body.slice(0, 200)}`;
          }
        } catch (error) {
          stat.errors += 1;
          stat.sample ||= (error as Error).message;
        }
        stat.latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await memory('end');

    const percentile = (sorted: number[], p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
    const all: number[] = [];
    let errors = 0;
    for (const [name, stat] of stats) {
      const sorted = [...stat.latencies].sort((a, b) => a - b);
      all.push(...sorted);
      errors += stat.errors;
      say(
        `${name.padEnd(22)} ${String(sorted.length).padStart(7)} requests, ${stat.errors} errors, p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms${stat.sample ? ` (first error: ${stat.sample})` : ''}`,
      );
    }
    all.sort((a, b) => a - b);
    say(
      `total   ${all.length} requests in ${SECONDS} s (${Math.round(all.length / SECONDS)}/s), ${errors} errors, p50 ${percentile(all, 0.5).toFixed(1)} ms, p99 ${percentile(all, 0.99).toFixed(1)} ms`,
    );
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
