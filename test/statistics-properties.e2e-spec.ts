import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Every figure the API serves, on random datasets, against the same figure computed here from the
 * raw rows, following DESIGN §3 and src/statistics/definitions.ts.
 *
 * One application serves every run. Status histories are append-only, so a run does not delete the
 * previous one: it retracts its cases, as the registry does with a withdrawn case, and retracted
 * cases count in no figure. The previous rows stay, so each run also checks that they do not leak
 * into figures and that a new dataset revision is not answered from the cache.
 */

// ---------------------------------------------------------------------------------------------
// Dates: whole days counted from 2003-01-01, ISO strings at the edges.

const EPOCH = Date.UTC(2003, 0, 1);
const DAY = 86_400_000;
const toDay = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH) / DAY);
const isoOf = (day: number) => new Date(EPOCH + day * DAY).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);
/** Histories end before today, so no generated fact is in the future. */
const LAST_DAY = toDay('2026-01-31');

// ---------------------------------------------------------------------------------------------
// The raw rows a run inserts (and the model reads).

const COUNTRIES = ['PH', 'PH', 'PH', 'MX', 'MX', 'SY', 'HN', 'PK'] as const;
const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
const STATUSES = {
  unesco: ['no_information', 'ongoing', 'resolved'],
  cpj: ['complete_impunity', 'partial_justice', 'full_justice'],
} as const;
type Scheme = keyof typeof STATUSES;
type Unesco = 'condemned' | 'deplored' | 'excluded' | 'none';
type CpjMotive = 'confirmed' | 'unconfirmed' | 'none';

/** World Bank rows: HN has none, SY only a recent year, and an aggregate (no country) is latest. */
const POPULATION: { code: string; country: string | null; year: number; value: number }[] = [
  { code: 'PHL', country: 'PH', year: 2015, value: 102_113_212 },
  { code: 'PHL', country: 'PH', year: 2019, value: 108_116_615 },
  { code: 'PHL', country: 'PH', year: 2023, value: 117_337_368 },
  { code: 'MEX', country: 'MX', year: 2019, value: 127_575_529 },
  { code: 'MEX', country: 'MX', year: 2023, value: 128_455_567 },
  { code: 'SYR', country: 'SY', year: 2023, value: 23_227_014 },
  { code: 'PAK', country: 'PK', year: 2015, value: 210_969_298 },
  { code: 'PAK', country: 'PK', year: 2023, value: 240_485_658 },
  { code: 'WLD', country: null, year: 2024, value: 8_142_056_446 },
];

interface Person {
  id: string;
  gender: string;
}
interface Incident {
  id: string;
  date: string | null;
  country: string;
  attackTypes: string[];
}
interface Case {
  id: string;
  incident: Incident;
  person: Person;
  outcome: 'killed' | 'injured';
  retracted: boolean;
  unesco: Unesco;
  /** CPJ's motive: confirmed (in relation to the work), unconfirmed, or no CPJ record. */
  cpjMotive: CpjMotive;
}
interface Entry {
  id: number;
  caseId: string;
  scheme: Scheme;
  status: string;
  effective: string;
  recordedAt: number;
  reportedBy: string;
  confidential: boolean;
  supersedes: number | null;
}
interface Dataset {
  people: Person[];
  incidents: Incident[];
  cases: Case[];
  entries: Entry[];
}

// ---------------------------------------------------------------------------------------------
// Generators.

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((v) => v === 1);

const entryArb = fc.record({
  scheme: fc.constantFrom<Scheme>('unesco', 'cpj'),
  status: fc.nat({ max: 2 }),
  /** Days after the incident (or after 2010 for an undated one) the status became true. */
  effectiveAfter: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 7000 })),
  /** Days after it became true that the system learned of it: mostly soon, sometimes years. */
  recordedAfter: fc.oneof(fc.constantFrom(0, 1, 30), fc.integer({ min: 0, max: 4000 })),
  /** Coarse times of day, so that ties on (effective, recorded) happen and ids break them. */
  recordedSecond: fc.constantFrom(0, 0, 43_200, 86_399),
  reportedBy: fc.constantFrom('state', 'state', 'organisation', 'monitor', 'staff'),
  confidential: oneIn(5),
  /** A correction of one of the case's earlier entries in the same scheme. */
  supersedes: fc.option(fc.nat({ max: 4 }), { freq: 4 }),
});

const victimArb = fc.record({
  gender: fc.constantFrom(...GENDERS),
  outcome: fc.constantFrom<'killed' | 'injured'>('killed', 'killed', 'killed', 'killed', 'injured'),
  retracted: oneIn(12),
  unesco: fc.constantFrom<Unesco>(
    'condemned',
    'condemned',
    'condemned',
    'deplored',
    'excluded',
    'none',
  ),
  cpjMotive: fc.constantFrom<CpjMotive>('confirmed', 'confirmed', 'unconfirmed', 'none'),
  /** The same person as in an earlier incident (a person counts once). */
  samePersonAs: fc.option(fc.nat({ max: 60 }), { freq: 8 }),
  entries: fc.array(entryArb, { maxLength: 5 }),
});

const incidentArb = fc.record({
  date: fc.option(fc.integer({ min: toDay('2003-01-01'), max: toDay('2024-12-31') }), {
    freq: 15,
  }),
  country: fc.constantFrom(...COUNTRIES),
  attackTypes: fc.subarray(['murder', 'crossfire_combat']),
  victims: fc.array(victimArb, { minLength: 1, maxLength: 4 }),
});

/** A date, or a pick among the dataset's own dates (to hit boundaries exactly). */
const dayArb = (from: string) =>
  fc.oneof(
    fc.record({ day: fc.integer({ min: toDay(from), max: LAST_DAY }) }),
    fc.record({ pick: fc.nat() }),
  );
const momentArb = fc.record({
  asOf: fc.option(dayArb('2006-01-01'), { freq: 3 }),
  knownAsOf: fc.option(fc.record({ at: dayArb('2006-01-01'), instant: fc.boolean() }), { freq: 2 }),
});
const indexArb = fc.record({
  windowEnd: fc.option(
    fc.oneof(
      fc.integer({ min: toDay('2010-01-01'), max: LAST_DAY }).map(isoOf),
      fc.constantFrom('2016-02-29', '2020-02-29', '2019-08-31'),
    ),
    { freq: 5 },
  ),
  windowYears: fc.option(fc.integer({ min: 1, max: 15 }), { freq: 3 }),
  minimum: fc.integer({ min: 1, max: 3 }),
  populationYear: fc.option(fc.constantFrom(2015, 2019, 2023), { freq: 4 }),
});

const runArb = fc.record({
  incidents: fc.array(incidentArb, { minLength: 1, maxLength: 20 }),
  moments: fc.array(momentArb, { minLength: 3, maxLength: 3 }),
  killingsAsOf: dayArb('2003-01-01'),
  index: fc.array(indexArb, { minLength: 2, maxLength: 2 }),
});
type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated run into rows with ids, keeping only what the schema allows. */
function build(run: Run): Dataset {
  const data: Dataset = { people: [], incidents: [], cases: [], entries: [] };
  for (const spec of run.incidents) {
    const incident: Incident = {
      id: randomUUID(),
      date: spec.date === null ? null : isoOf(spec.date),
      country: spec.country,
      attackTypes: spec.attackTypes,
    };
    data.incidents.push(incident);
    const here = new Set<string>();
    for (const v of spec.victims) {
      let person =
        v.samePersonAs === null
          ? undefined
          : data.people[v.samePersonAs % (data.people.length || 1)];
      if (!person || here.has(person.id)) {
        person = { id: randomUUID(), gender: v.gender };
        data.people.push(person);
      }
      here.add(person.id);
      const c: Case = {
        id: randomUUID(),
        incident,
        person,
        outcome: v.outcome,
        retracted: v.retracted,
        unesco: v.unesco,
        cpjMotive: v.cpjMotive,
      };
      data.cases.push(c);
      const base = spec.date ?? toDay('2010-01-01');
      const mine: Entry[] = [];
      for (const e of v.entries) {
        const effective = Math.min(base + e.effectiveAfter, LAST_DAY);
        const recorded = Math.min(effective + e.recordedAfter, LAST_DAY);
        const sameScheme = mine.filter((m) => m.scheme === e.scheme);
        let supersedes: Entry | undefined =
          e.supersedes === null ? undefined : sameScheme[e.supersedes % (sameScheme.length || 1)];
        if (supersedes && data.entries.some((x) => x.supersedes === supersedes!.id))
          supersedes = undefined; // an entry is corrected at most once
        const recordedAt = EPOCH + recorded * DAY + e.recordedSecond * 1000;
        const entry: Entry = {
          id: data.entries.length + 1,
          caseId: c.id,
          scheme: e.scheme,
          status: STATUSES[e.scheme][e.status],
          effective: isoOf(effective),
          // A correction is learned after what it corrects.
          recordedAt: supersedes ? Math.max(recordedAt, supersedes.recordedAt + DAY) : recordedAt,
          reportedBy: e.reportedBy,
          confidential: e.confidential,
          supersedes: supersedes?.id ?? null,
        };
        mine.push(entry);
        data.entries.push(entry);
      }
    }
  }
  return data;
}

/** Retracts every case of earlier runs, then inserts the run's rows. */
async function replaceDataset(t: TestApp, d: Dataset): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  await q(
    `UPDATE cases SET retracted_at = now(), retraction_reason = 'replaced by the next run' WHERE retracted_at IS NULL`,
  );
  // Entry ids keep the model's order (ties on dates are broken by id) after earlier runs' ids.
  const [{ offset }] = await q(`SELECT coalesce(max(id), 0)::int AS offset FROM status_entries`);
  await q(
    `INSERT INTO people (id, full_name, gender) SELECT id, 'Person ' || id, g FROM unnest($1::uuid[], $2::text[]) AS x(id, g)`,
    [d.people.map((p) => p.id), d.people.map((p) => p.gender)],
  );
  await q(
    `INSERT INTO incidents (id, date_start, date_precision, country_code)
     SELECT id, d, CASE WHEN d IS NULL THEN 'unknown' ELSE 'day' END, c FROM unnest($1::uuid[], $2::date[], $3::text[]) AS x(id, d, c)`,
    [
      d.incidents.map((i) => i.id),
      d.incidents.map((i) => i.date),
      d.incidents.map((i) => i.country),
    ],
  );
  const types = d.incidents.flatMap((i) => i.attackTypes.map((a) => [i.id, a]));
  await q(
    `INSERT INTO incident_attack_types (incident_id, attack_type_code) SELECT * FROM unnest($1::uuid[], $2::text[])`,
    [types.map((r) => r[0]), types.map((r) => r[1])],
  );
  await q(
    `INSERT INTO cases (id, incident_id, person_id, outcome, retracted_at, retraction_reason)
     SELECT id, i, p, o, CASE WHEN r THEN now() END, CASE WHEN r THEN 'duplicate' END
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::boolean[]) AS x(id, i, p, o, r)`,
    [
      d.cases.map((c) => c.id),
      d.cases.map((c) => c.incident.id),
      d.cases.map((c) => c.person.id),
      d.cases.map((c) => c.outcome),
      d.cases.map((c) => c.retracted),
    ],
  );
  const classified = d.cases.filter((c) => c.unesco !== 'none');
  await q(
    `INSERT INTO monitor_classifications (case_id, monitor, included, condemnation)
     SELECT c, 'unesco', i, n FROM unnest($1::uuid[], $2::boolean[], $3::text[]) AS x(c, i, n)`,
    [
      classified.map((c) => c.id),
      classified.map((c) => c.unesco !== 'excluded'),
      classified.map((c) => (c.unesco === 'deplored' ? 'deplored' : 'condemned')),
    ],
  );
  const cpj = d.cases.filter((c) => c.cpjMotive !== 'none');
  await q(
    `INSERT INTO monitor_classifications (case_id, monitor, included, motive)
     SELECT c, 'cpj', true, m FROM unnest($1::uuid[], $2::text[]) AS x(c, m)`,
    [cpj.map((c) => c.id), cpj.map((c) => c.cpjMotive)],
  );
  const e = d.entries;
  await q(
    `INSERT INTO status_entries (id, case_id, scheme, status, effective_date, recorded_at, reported_by, confidential, supersedes_id, created_by)
     OVERRIDING SYSTEM VALUE
     SELECT id, c, s, st, ef, rec, rb, conf, sup, 'property-test'
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::timestamptz[], $7::text[], $8::boolean[], $9::bigint[])
         AS x(id, c, s, st, ef, rec, rb, conf, sup)`,
    [
      e.map((x) => offset + x.id),
      e.map((x) => x.caseId),
      e.map((x) => x.scheme),
      e.map((x) => x.status),
      e.map((x) => x.effective),
      e.map((x) => new Date(x.recordedAt).toISOString()),
      e.map((x) => x.reportedBy),
      e.map((x) => x.confidential),
      e.map((x) => (x.supersedes === null ? null : offset + x.supersedes)),
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// The model: each figure from the raw rows, as DESIGN §3 and the definitions word it.

interface Moment {
  asOf: string;
  /** Epoch milliseconds, or Infinity for "as known now". */
  known: number;
  confidential: boolean;
}
interface Group {
  key: Record<string, string | number | null>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  unknown: number;
  note: string | null;
}
interface Figure extends Group {
  groups: Group[];
}

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : null);

/**
 * The status of a case in a scheme on asOf as known at `known`: the latest entry (by effective
 * date, then recorded time, then id) effective by asOf, recorded by `known`, visible to the caller
 * and not superseded by a visible correction recorded by `known`. UNESCO: no_information until
 * the state has reported on the case by then. CPJ: null without an entry.
 */
function statusOf(d: Dataset, c: Case, scheme: Scheme, m: Moment): string | null {
  const visible = (e: Entry) => m.confidential || !e.confidential;
  const known = (e: Entry) => e.recordedAt <= m.known && visible(e);
  const history = d.entries.filter(
    (e) => e.caseId === c.id && e.scheme === scheme && e.effective <= m.asOf && known(e),
  );
  const standing = history.filter((e) => !d.entries.some((x) => x.supersedes === e.id && known(x)));
  standing.sort(
    (a, b) => b.effective.localeCompare(a.effective) || b.recordedAt - a.recordedAt || b.id - a.id,
  );
  const latest = standing[0]?.status ?? null;
  if (scheme === 'cpj') return latest;
  const reported = history.some((e) => e.reportedBy === 'state');
  return reported ? (latest ?? 'no_information') : 'no_information';
}

type Dim = 'year' | 'country' | 'gender' | 'attack_type';
/** The keys a case falls under: one per value of a multi-valued dimension, null when unknown. */
function keysOf(c: Case, dims: Dim[]): Record<string, string | number | null>[] {
  let keys: Record<string, string | number | null>[] = [{}];
  for (const dim of dims) {
    const values: (string | number | null)[] =
      dim === 'year'
        ? [c.incident.date ? Number(c.incident.date.slice(0, 4)) : null]
        : dim === 'country'
          ? [c.incident.country]
          : dim === 'gender'
            ? [c.person.gender === 'unknown' ? null : c.person.gender]
            : c.incident.attackTypes.length
              ? c.incident.attackTypes
              : [null];
    keys = keys.flatMap((k) => values.map((v) => ({ ...k, [dim]: v })));
  }
  return keys;
}
const hasNull = (key: Record<string, unknown>) => Object.values(key).some((v) => v === null);

type Key = Record<string, string | number | null>;
type Row<T> = { key: Key; item: T };
type Counts = { numerator: number; denominator: number | null; unknown: number };

/** The figure over all rows and, when grouped, per distinct key. */
function tally<T>(
  rows: Row<T>[],
  count: (rows: Row<T>[]) => Counts,
  grouped: boolean,
  asRatio: boolean,
): Figure {
  const toGroup = (key: Key, members: Row<T>[]): Group => {
    const { numerator, denominator, unknown } = count(members);
    return {
      key,
      value: asRatio ? ratio(numerator, denominator ?? 0) : numerator,
      numerator,
      denominator,
      unknown,
      note: asRatio && !denominator ? 'no case in this group' : null,
    };
  };
  const byKey = new Map<string, { key: Key; rows: Row<T>[] }>();
  for (const r of rows) {
    const id = JSON.stringify(r.key);
    const group = byKey.get(id) ?? { key: r.key, rows: [] };
    group.rows.push(r);
    byKey.set(id, group);
  }
  return {
    ...toGroup({}, rows),
    groups: grouped ? [...byKey.values()].map((g) => toGroup(g.key, g.rows)) : [],
  };
}

const live = (c: Case) => c.outcome === 'killed' && !c.retracted;
const upTo = (c: Case, asOf: string) => c.incident.date === null || c.incident.date <= asOf;

/** Killings: killed, not retracted, incident up to asOf or undated; distinct people. */
function killings(d: Dataset, asOf: string, dims: Dim[]): Figure {
  const rows = d.cases
    .filter((c) => live(c) && upTo(c, asOf))
    .flatMap((c) => keysOf(c, dims).map((key) => ({ key, item: c })));
  return tally(
    rows,
    (members) => ({
      numerator: new Set(members.map((r) => r.item.person.id)).size,
      denominator: null,
      unknown: new Set(members.filter((r) => hasNull(r.key)).map((r) => r.item.person.id)).size,
    }),
    dims.length > 0,
    false,
  );
}

/** Unresolved ratio: killings since 2006 up to asOf (condemned by the DG unless scope=all). */
function unresolvedRatio(d: Dataset, m: Moment, all: boolean, dims: Dim[]): Figure {
  const rows = d.cases
    .filter(
      (c) =>
        live(c) &&
        c.incident.date !== null &&
        c.incident.date >= '2006-01-01' &&
        c.incident.date <= m.asOf &&
        (all || c.unesco === 'condemned'),
    )
    .flatMap((c) => keysOf(c, dims).map((key) => ({ key, item: c })));
  return tally(
    rows,
    (members) => {
      const statuses = [...new Set(members.map((r) => r.item))].map((c) =>
        statusOf(d, c, 'unesco', m),
      );
      return {
        numerator: statuses.filter((s) => s !== 'resolved').length,
        denominator: statuses.length,
        unknown: statuses.filter((s) => s === 'no_information').length,
      };
    },
    dims.length > 0,
    true,
  );
}

const isMurder = (c: Case) => live(c) && c.incident.attackTypes.includes('murder');

/** CPJ impunity share: complete impunity over murders with a CPJ status. */
function impunityShare(d: Dataset, m: Moment, dims: Dim[]): Figure {
  const rows = d.cases
    .filter((c) => isMurder(c) && upTo(c, m.asOf))
    .flatMap((c) => keysOf(c, dims).map((key) => ({ key, item: c })));
  return tally(
    rows,
    (members) => {
      const statuses = [...new Set(members.map((r) => r.item))].map((c) =>
        statusOf(d, c, 'cpj', m),
      );
      return {
        numerator: statuses.filter((s) => s === 'complete_impunity').length,
        denominator: statuses.filter((s) => s !== null).length,
        unknown: statuses.filter((s) => s === null).length,
      };
    },
    dims.length > 0,
    true,
  );
}

/** The ten (or `years`) years ending on `to`: from the day after the same date `years` earlier. */
function windowOf(to: string, years: number): { from: string; to: string } {
  const [y, mo, da] = to.split('-').map(Number);
  const earlier = Date.UTC(y - years, mo - 1, 1);
  const lastOfMonth = new Date(Date.UTC(y - years, mo, 0)).getUTCDate();
  const same = earlier + (Math.min(da, lastOfMonth) - 1) * DAY;
  return { from: new Date(same + DAY).toISOString().slice(0, 10), to };
}

/** CPJ impunity index: per country, unsolved murders in the window per million inhabitants. */
function impunityIndex(
  d: Dataset,
  m: Moment,
  opts: {
    windowEnd: string | null;
    windowYears: number | null;
    minimum: number;
    populationYear: number | null;
  },
) {
  const year = Number(m.asOf.slice(0, 4));
  const to = opts.windowEnd ?? (m.asOf >= `${year}-08-31` ? `${year}-08-31` : `${year - 1}-08-31`);
  const years = opts.windowYears ?? 10;
  const window = windowOf(to, years);
  // Default: the latest year with data for some country, not after the window; else its end year.
  const withData = POPULATION.filter((p) => p.country && p.year <= Number(to.slice(0, 4)));
  const populationYear =
    opts.populationYear ??
    (withData.length ? Math.max(...withData.map((p) => p.year)) : Number(to.slice(0, 4)));
  const murders = new Map<string, number>();
  for (const c of d.cases) {
    const date = c.incident.date;
    if (!isMurder(c) || date === null || date < window.from || date > window.to || date > m.asOf)
      continue;
    // CPJ's index counts only murders whose motive CPJ has confirmed.
    if (c.cpjMotive !== 'confirmed') continue;
    if (statusOf(d, c, 'cpj', m) !== 'complete_impunity') continue;
    murders.set(c.incident.country, (murders.get(c.incident.country) ?? 0) + 1);
  }
  const groups: Group[] = [...murders]
    .filter(([, n]) => n >= opts.minimum)
    .map(([country, n]) => {
      const population = POPULATION.find((p) => p.country === country && p.year === populationYear);
      const millions = population ? population.value / 1_000_000 : null;
      return {
        key: { country },
        value: millions ? Math.round((n / millions) * 1000) / 1000 : null,
        numerator: n,
        denominator: millions === null ? null : Math.round(millions * 1000) / 1000,
        unknown: 0,
        note: population ? null : `no World Bank population for ${country} in ${populationYear}`,
      };
    })
    .sort(
      (a, b) =>
        (b.value ?? -1) - (a.value ?? -1) ||
        String(a.key.country).localeCompare(String(b.key.country)),
    );
  return {
    value: null,
    numerator: [...murders.values()].reduce((s, n) => s + n, 0),
    denominator: null,
    unknown: groups.filter((g) => g.value === null).length,
    groups,
    scope: {
      windowFrom: window.from,
      windowTo: window.to,
      windowYears: years,
      minimum: opts.minimum,
      populationYear,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The property.

const sortGroups = (groups: Group[]) =>
  [...groups].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
const comparable = (f: Figure) => ({
  value: f.value,
  numerator: f.numerator,
  denominator: f.denominator,
  unknown: f.unknown,
  groups: sortGroups(
    f.groups.map(({ key, value, numerator, denominator, unknown, note }) => ({
      key,
      value,
      numerator,
      denominator,
      unknown,
      note,
    })),
  ),
});

const VIEWERS = [
  { name: 'anonymous', headers: {} as Record<string, string>, confidential: false },
  { name: 'admin', headers: { authorization: `Bearer ${ADMIN_KEY}` }, confidential: true },
];

describe('statistics (property: API = model from the raw rows)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    await q(
      `INSERT INTO population (world_bank_code, year, value, country_code, name)
       SELECT c, y, v, cc, c FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[]) AS x(c, y, v, cc)`,
      [
        POPULATION.map((p) => p.code),
        POPULATION.map((p) => p.year),
        POPULATION.map((p) => p.value),
        POPULATION.map((p) => p.country),
      ],
    );
  });
  afterAll(() => t.close());

  /** The run's asOf / knownAsOf pairs, some of them on the dataset's own dates and instants. */
  function momentsOf(run: Run, data: Dataset) {
    const dates = [
      ...new Set([
        ...data.entries.map((e) => e.effective),
        ...data.incidents.flatMap((i) => (i.date ? [i.date] : [])),
      ]),
    ].sort();
    const instants = data.entries.map((e) => e.recordedAt).sort((a, b) => a - b);
    const pickDay = (spec: { day: number } | { pick: number }, from: string) => {
      if ('day' in spec) return isoOf(spec.day);
      const usable = dates.filter((x) => x >= from);
      return usable.length ? usable[spec.pick % usable.length] : from;
    };
    const moments = run.moments.map((spec) => {
      const asOf = spec.asOf ? pickDay(spec.asOf, '2006-01-01') : undefined;
      let knownAsOf: string | undefined;
      let known = Infinity;
      if (spec.knownAsOf) {
        const at = spec.knownAsOf.at;
        if (spec.knownAsOf.instant && 'pick' in at && instants.length) {
          known = instants[at.pick % instants.length]; // exactly an entry's recorded_at
          knownAsOf = new Date(known).toISOString();
        } else {
          knownAsOf = pickDay(at, '2006-01-01'); // a date means the end of that day, UTC
          known = Date.parse(`${knownAsOf}T23:59:59.999Z`);
        }
      }
      return { asOf, knownAsOf, known };
    });
    return { moments, killingsAsOf: pickDay(run.killingsAsOf, '2003-01-01') };
  }

  async function get(
    viewer: (typeof VIEWERS)[number],
    path: string,
    query: Record<string, string | number | undefined>,
  ) {
    const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const res = await t.http().get(`/api/v1/statistics/${path}`).query(defined).set(viewer.headers);
    if (res.status !== 200)
      throw new Error(`${path} ${JSON.stringify(defined)}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Asks the API for each figure and compares it with the model's. */
  async function compareAll(run: Run, data: Dataset, viewer: (typeof VIEWERS)[number]) {
    const { moments, killingsAsOf } = momentsOf(run, data);
    const check = async (
      path: string,
      query: Record<string, string | number | undefined>,
      expected: Figure,
    ) => {
      const body = await get(viewer, path, query);
      // The context names the request in a failure's diff.
      const context = `${viewer.name} ${path} ${JSON.stringify(query)}`;
      expect({ context, ...comparable(body) }).toEqual({ context, ...comparable(expected) });
      return body;
    };
    const now = today();

    for (const dims of [
      [],
      ['year'],
      ['country'],
      ['gender'],
      ['attack_type'],
      ['year', 'country'],
    ] as Dim[][])
      await check('killings', { groupBy: dims.join(',') || undefined }, killings(data, now, dims));
    await check(
      'killings',
      { asOf: killingsAsOf, groupBy: 'year,gender' },
      killings(data, killingsAsOf, ['year', 'gender']),
    );

    for (const [n, moment] of moments.entries()) {
      const m: Moment = {
        asOf: moment.asOf ?? now,
        known: moment.known,
        confidential: viewer.confidential,
      };
      const query = { asOf: moment.asOf, knownAsOf: moment.knownAsOf };
      const dims: Dim[] = n === 0 ? ['country'] : n === 1 ? ['gender', 'attack_type'] : [];
      const groupBy = dims.join(',') || undefined;
      const body = await check(
        'unresolved-ratio',
        { ...query, groupBy },
        unresolvedRatio(data, m, false, dims),
      );
      expect(body).toMatchObject({
        asOf: m.asOf,
        knownAsOf: moment.knownAsOf ?? null,
        scope: { scope: 'unesco' },
      });
      await check(
        'unresolved-ratio',
        { ...query, scope: 'all', groupBy },
        unresolvedRatio(data, m, true, dims),
      );
      await check('impunity-share', { ...query, groupBy }, impunityShare(data, m, dims));
    }

    for (const [n, options] of run.index.entries()) {
      const moment = moments[n];
      const m: Moment = {
        asOf: moment.asOf ?? now,
        known: moment.known,
        confidential: viewer.confidential,
      };
      const query = {
        asOf: moment.asOf,
        knownAsOf: moment.knownAsOf,
        windowEnd: options.windowEnd ?? undefined,
        windowYears: options.windowYears ?? undefined,
        minimum: options.minimum,
        populationYear: options.populationYear ?? undefined,
      };
      const { scope, ...expected } = impunityIndex(data, m, options);
      const body = await get(viewer, 'impunity-index', query);
      const context = `${viewer.name} impunity-index ${JSON.stringify(query)}`;
      const { windowFrom, windowTo, windowYears, minimum, populationYear } = body.scope;
      expect({
        context,
        value: body.value,
        numerator: body.numerator,
        denominator: body.denominator,
        unknown: body.unknown,
        // In the API's order: by index, highest first. No record is held in these datasets.
        groups: body.groups.map(({ held, ...group }: Group & { held: number }) => {
          expect(held).toBe(0);
          return group;
        }),
        scope: { windowFrom, windowTo, windowYears, minimum, populationYear },
      }).toEqual({ context, ...expected, scope });
    }
  }

  it('serves every figure, to the public and to an admin, as computed from the raw rows', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        runs += 1;
        const data = build(run);
        await replaceDataset(t, data);
        for (const viewer of VIEWERS) await compareAll(run, data, viewer);
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 20),
        seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
      },
    );
    expect(runs).toBeGreaterThan(0);
  });
});
