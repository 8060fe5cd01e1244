import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from '../src/database/embedded-postgres.js';
import { openBenchDatabase } from './bench-database.js';
import { datasetSize, generateDataset } from './statistics-dataset.js';
import { writeSection } from './benchmarks-file.js';

/**
 * The API's cost against a bare floor, on the statistics benchmark's dataset (100,000 cases,
 * about a million status entries): the first page of 50 cases of one country with person,
 * incident, country, monitor classifications and current statuses, through REST, through GraphQL
 * (the same data, written by PostgreSQL, and once more field by field), and a deeper GraphQL page
 * (cases → incident → its victims' cases → person);
 * beside a bare `node:http` + `pg` server (api-floor.ts) sending the same JSON as REST from one
 * prepared statement. The service runs as deployed (`node dist/src/main.js`, NODE_ENV=production
 * as in the Dockerfile, which among others turns off graphql-js's development checks), the floor as a
 * process of its own; autocannon loads one of them at a time, servers alternating, for
 * BENCH_ROUNDS rounds; the median of the rounds is reported with the load average of the machine.
 * Targets: GraphQL pages at 0.8× REST's rate or more, REST at 0.75× the floor's or more, p99 at
 * most 3× p50. Uses BENCH_DATABASE_URL (an empty database it fills, or one a previous run filled)
 * or a throwaway embedded cluster. Writes its section of BENCHMARKS.md.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** The country whose first page is asked for: the one with the most cases in the dataset. */
const COUNTRY = process.env.BENCH_COUNTRY ?? 'IQ';
const PAGE = 50;
const here = path.dirname(fileURLToPath(import.meta.url));

/** The same data as a REST list item: the case, its person, incident, country, classifications, statuses. */
const GRAPHQL_PAGE = `query CasePage($country: String, $first: Int) {
  cases(filter: { country: $country }, first: $first) {
    data {
      id incidentId personId outcome localForeign dateOfDeath retractedAt retractionReason version createdAt updatedAt
      person { id fullName gender role }
      incident {
        id dateStart dateEnd datePrecision countryCode place context attackTypes perpetratorTypes description sourceLinks
        country { code name }
      }
      classifications { monitor externalId url included motive typeOfDeath condemnation recordedDate }
      unesco: status { status }
      cpj: status(scheme: cpj) { status }
    }
    pageInfo { nextCursor hasNextPage limit total }
  }
}`;

/** Cases → incident → every victim's case → person. */
const GRAPHQL_DEEP = `query DeepPage($country: String, $first: Int) {
  cases(filter: { country: $country }, first: $first) {
    data {
      id outcome
      incident {
        id dateStart place
        cases { id outcome person { id fullName gender role } }
      }
    }
    pageInfo { nextCursor hasNextPage }
  }
}`;

interface Target {
  name: string;
  server: 'floor' | 'app';
  path: string;
  method?: 'POST';
  body?: string;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
}

const TARGETS: Target[] = [
  {
    name: 'floor (node:http + pg, one prepared statement)',
    server: 'floor',
    path: `/cases?country=${COUNTRY}&limit=${PAGE}`,
  },
  { name: 'REST', server: 'app', path: `/api/v1/cases?country=${COUNTRY}&limit=${PAGE}` },
  {
    name: 'GraphQL, same page',
    server: 'app',
    path: '/graphql',
    method: 'POST',
    body: JSON.stringify({ query: GRAPHQL_PAGE, variables: { country: COUNTRY, first: PAGE } }),
  },
  {
    name: 'GraphQL, deep page',
    server: 'app',
    path: '/graphql',
    method: 'POST',
    body: JSON.stringify({ query: GRAPHQL_DEEP, variables: { country: COUNTRY, first: PAGE } }),
  },
  {
    // A directive keeps the page from being written by PostgreSQL (graphql/spliced-pages.ts).
    name: 'GraphQL, same page, field by field',
    server: 'app',
    path: '/graphql',
    method: 'POST',
    body: JSON.stringify({
      query: GRAPHQL_PAGE.replace('data {', 'data @include(if: true) {'),
      variables: { country: COUNTRY, first: PAGE },
    }),
  },
];

interface Server {
  base: string;
  stop(): Promise<void>;
}

/** Starts a Node process serving HTTP on a free port and waits until `ready` answers. */
async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: string,
): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    const up = await fetch(base + ready).then(
      (res) => res.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function request(base: string, target: Target): Promise<{ status: number; text: string }> {
  const res = await fetch(base + target.path, {
    method: target.method ?? 'GET',
    headers: target.body ? { 'content-type': 'application/json' } : {},
    body: target.body,
  });
  return { status: res.status, text: await res.text() };
}

/** Loads one target (autocannon in a worker thread, so it does not share the event loop). */
async function load(base: string, target: Target, seconds: number): Promise<Measure> {
  const result = await autocannon({
    url: base + target.path,
    method: target.method ?? 'GET',
    headers: target.body ? { 'content-type': 'application/json' } : {},
    body: target.body,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed)
    throw new Error(`${target.name}: ${failed} of ${result.requests.total} requests failed`);
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

type Json = Record<string, unknown>;

/**
 * Before measuring: the floor answers exactly what REST answers, and GraphQL's page holds the same
 * cases with the same statuses; returns the body sizes.
 */
async function check(bases: Record<Target['server'], string>): Promise<string[]> {
  const bodies = await Promise.all(TARGETS.map((t) => request(bases[t.server], t)));
  bodies.forEach((b, i) => {
    if (b.status !== 200) throw new Error(`${TARGETS[i].name}: ${b.status} ${b.text}`);
  });
  const [floor, rest, page, deep, fieldByField] = bodies.map((b) => JSON.parse(b.text) as Json);
  if (!isDeepStrictEqual(floor, rest))
    throw new Error('the floor does not answer what REST answers: compare their JSON');
  if (bodies[2].text !== bodies[4].text)
    throw new Error('GraphQL answers the page differently when it writes it field by field');
  for (const answer of [page, deep, fieldByField])
    if (answer.errors) throw new Error(`GraphQL: ${JSON.stringify(answer.errors)}`);
  const restItems = (rest as { data: Json[] }).data;
  const gqlItems = (page as { data: { cases: { data: Json[] } } }).data.cases.data;
  if (restItems.length !== PAGE) throw new Error(`REST answered ${restItems.length} cases`);
  gqlItems.forEach((item, i) => {
    const expected = restItems[i];
    const status = expected.currentStatus as Json | undefined;
    const same =
      item.id === expected.id &&
      (item.person as Json).fullName === (expected.person as Json).fullName &&
      (item.incident as { country: Json }).country.name ===
        (expected.incident as Json).countryName &&
      (!status ||
        ((item.unesco as Json).status === status.unesco &&
          (item.cpj as Json).status === status.cpj));
    if (!same) throw new Error(`GraphQL's case ${i} differs from REST's: ${JSON.stringify(item)}`);
  });
  return bodies.map((b) => `${(Buffer.byteLength(b.text) / 1024).toFixed(1)} KiB`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function main(): Promise<void> {
  const servers: Server[] = [];
  const loadBefore = loadAverage();
  const { url, close } = await openBenchDatabase();
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let size;
    let postgres;
    try {
      const existing = await datasetSize(db);
      if (existing.cases > 0) {
        say(`reusing the ${existing.cases} cases already in the database`);
        size = existing;
      } else {
        say(`generating ${CASES} cases`);
        size = await generateDataset(db, CASES, say);
      }
      postgres = (await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))
        .rows[0].v;
    } finally {
      await db.end();
    }

    const app = await startProcess(
      path.join(here, '../src/main.js'),
      {
        DATABASE_URL: url,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        // Every request of the benchmark comes from one address; the limiter still runs.
        RATE_LIMIT_ANONYMOUS: String(1e9),
      },
      '/health',
    );
    servers.push(app);
    const floor = await startProcess(
      path.join(here, 'api-floor.js'),
      { DATABASE_URL: url },
      `/cases?country=${COUNTRY}&limit=1`,
    );
    servers.push(floor);
    const bases = { app: app.base, floor: floor.base };
    const sizes = await check(bases);
    say(
      `dataset: ${size.cases} cases, ${size.statusEntries} status entries; first page of ${PAGE} cases in ${COUNTRY}; ` +
        `${CONNECTIONS} connections, ${SECONDS} s per measurement, ${ROUNDS} rounds`,
    );
    TARGETS.forEach((t, i) => say(`  ${t.name}: ${sizes[i]}`));

    const measures: Measure[][] = TARGETS.map(() => []);
    const loads: string[] = [loadBefore];
    for (let round = 0; round < ROUNDS; round++) {
      // Servers alternate; the order turns each round so that none always follows the same one.
      for (let k = 0; k < TARGETS.length; k++) {
        const index = (k + round) % TARGETS.length;
        const target = TARGETS[index];
        await load(bases[target.server], target, 2); // warm-up
        const m = await load(bases[target.server], target, SECONDS);
        measures[index].push(m);
        say(
          `round ${round + 1} ${target.name}: ${m.rps.toFixed(1)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms (load ${loadAverage()})`,
        );
      }
      loads.push(loadAverage());
    }

    const result = measures.map((list) => ({
      rps: median(list.map((m) => m.rps)),
      p50: median(list.map((m) => m.p50)),
      p99: median(list.map((m) => m.p99)),
    }));
    const [floorM, restM, pageM, deepM, fieldsM] = result;
    const rows = TARGETS.map(
      (t, i) =>
        `| ${t.name} | ${sizes[i]} | ${result[i].rps.toFixed(1)} | ${result[i].p50} | ${result[i].p99} | ${(result[i].p99 / result[i].p50).toFixed(1)}× |`,
    );
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const verdict = (value: number, target: number, atLeast = true) =>
      (atLeast ? value >= target : value <= target) ? 'met' : 'missed';
    const worstTail = Math.max(...result.map((m) => m.p99 / m.p50));
    const figures = [
      `| GraphQL page / REST page (req/s) | ${ratio(pageM.rps, restM.rps)} | ≥ 0.8× — ${verdict(pageM.rps / restM.rps, 0.8)} |`,
      `| GraphQL deep page / REST page (req/s) | ${ratio(deepM.rps, restM.rps)} | ≥ 0.8× — ${verdict(deepM.rps / restM.rps, 0.8)} |`,
      `| REST page / floor (req/s) | ${ratio(restM.rps, floorM.rps)} | ≥ 0.75× — ${verdict(restM.rps / floorM.rps, 0.75)} |`,
      // The floor parses the rows and writes them as JSON again, as GraphQL field by field must.
      `| GraphQL page field by field / floor (req/s) | ${ratio(fieldsM.rps, floorM.rps)} | (no target) |`,
      `| p99 / p50, worst of the five | ${worstTail.toFixed(1)}× | ≤ 3× — ${verdict(worstTail, 3, false)} |`,
    ];
    const machine = `${new Date().toISOString().slice(0, 10)}, ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${postgres}; load average (1/5/15 min) before the run ${loadBefore}, after each round ${loads.slice(1).join('; ')}`;
    const table = [
      '| server | body | req/s | p50 ms | p99 ms | p99 / p50 |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
    const targets = ['| figure | measured | target |', '| --- | --- | --- |', ...figures].join(
      '\n',
    );
    say(`\n${table}\n\n${targets}\n\n${machine}`);
    writeSection(
      'api',
      `## API: a page of cases through REST and GraphQL, against a bare floor

\`npm run bench -- api\`: ${machine}. ${size.cases.toLocaleString('en')} cases (\`bench/statistics-dataset.ts\`); the first page of ${PAGE} cases in ${COUNTRY}, ${CONNECTIONS} connections, ${SECONDS} s per measurement, median of ${ROUNDS} rounds, servers alternating.

${targets}

${table}

Where the time goes: REST sends one prepared statement that builds each item as JSON in PostgreSQL (classifications and current statuses included), as the floor's does, and sends the items as PostgreSQL wrote them, without parsing them (the floor parses and writes them again, so REST can pass it); the rest of its cost is the framework's pipeline around it.
GraphQL's page asks only for fields PostgreSQL can write, so the same kind of statement writes each case exactly as GraphQL answers it (its keys and aliases in order, the scalars as GraphQL writes them, the people, incidents, countries, incidents' cases, classifications and current statuses asked for), and that text goes into the answer as it is: nothing is parsed, walked or written again (\`graphql/spliced-pages.ts\`); the deep page's body is smaller than REST's, hence its lead.
What GraphQL pays beyond REST is Apollo's pipeline (hashing and looking up the document, coercing variables, the plugins) and the compiled operation around the page. A selection SQL cannot write (a status on a date, confidential details, a directive) runs field by field: the page's statement still reads what it asks, but Node parses it, builds the answer's objects (with garbage collection, an eighth of a profile) and writes them again.
On a machine shared with other work (load average above) absolute rates are a fraction of a quiet machine's; the ratios, measured alternately, are what the targets compare.`,
    );
  } finally {
    for (const server of servers) await server.stop();
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
