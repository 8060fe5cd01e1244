import { ImportSourcesRepository } from '../src/imports/import-sources.repository.js';
import { createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';

/**
 * Records an import holds for a reviewer (a country label covering two countries that the place
 * does not settle): listed at GET /imports/held, settled at POST /imports/held/resolve, which
 * creates the case as the import would have.
 */

const COMBINED = 'Israel and the Occupied Palestinian Territory';
const HEADER =
  'year,fullName,primaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder';
const FILE = [
  HEADER,
  `2015,Jerusalem Reporter Test,Palestinian,Male,Murder,Killed,Staff,Al-Quds,Photographer,Internet,${COMBINED},Jerusalem,Local,Unknown Fire,Confirmed,Complete Impunity`,
  `2016,Unplaced Editor Test,Israel,Female,Murder,Killed,Staff,Paper,Editor,Print,${COMBINED},,Local,Unknown Fire,Confirmed,Full Justice`,
  '2014,Placed Reporter Test,Mexico,Male,Murder,Killed,Staff,Diario,Reporter,Print,Mexico,Veracruz,Local,Criminal Group,Confirmed,Complete Impunity',
].join('\n');

interface Job {
  id: string;
  state: string;
  summary: Record<string, unknown>;
}

interface HeldRecord {
  source: string;
  key: string;
  countryLabel: string | null;
  candidates: string[];
  reason: string | null;
  countryCode: string | null;
  fullName: string;
  dateStart: string | null;
  datePrecision: string;
  place: string | null;
  rows: number[];
  flags: string[];
  firstJobId: string | null;
  lastJobId: string | null;
  heldSince: string;
}

describe('Imported records held for review (e2e)', () => {
  let t: TestApp;
  let roles: Roles;
  let job: Job;
  let jerusalem: HeldRecord;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
  });
  afterAll(() => t.close());

  const reviewer = () => bearer(roles.reviewer.key);

  async function importFile(key: string): Promise<Job> {
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-api', wait: 'true' })
      .set(bearer(key))
      .set('content-type', 'text/csv')
      .send(FILE);
    expect(res.status).toBe(202);
    return res.body as Job;
  }

  const listHeld = (query: Record<string, string> = {}) =>
    t.http().get('/api/v1/imports/held').query(query).set(reviewer());

  const resolve = (body: Record<string, unknown>) =>
    t.http().post('/api/v1/imports/held/resolve').set(reviewer()).send(body);

  /** What a refused decision must leave as it was. */
  async function state() {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM people)::int AS people,
              (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM audit_log)::int AS audit`,
    );
    const sources = await t.dataSource.query(
      `SELECT source, source_key, case_id, review_state, content_hash, flags, raw, updated_at
         FROM import_sources ORDER BY source, source_key`,
    );
    return { ...row, sources };
  }

  it('lets a reviewer import a CPJ file, and holds the Jerusalem record under the combined label', async () => {
    job = await importFile(roles.reviewer.key);
    expect(job.state).toBe('succeeded');
    expect(job.summary).toMatchObject({ created: 1, held: 2, rejected: 0, committed: true });
    const held = await t.dataSource.query(
      `SELECT country_label, review_state, case_id FROM import_sources WHERE raw->'person'->>'fullName' = 'Jerusalem Reporter Test'`,
    );
    expect(held).toEqual([
      { country_label: COMBINED, review_state: 'needs_review', case_id: null },
    ]);
  });

  it('lists held records to reviewers and administrators only', async () => {
    await t.http().get('/api/v1/imports/held').expect(401);
    await t.http().get('/api/v1/imports/held').set(bearer(roles.contributor.key)).expect(403);
    await t.http().get('/api/v1/imports/held').set(bearer(roles.admin.key)).expect(200);
    const res = await listHeld();
    expect(res.status).toBe(200);
    expect(res.body.pageInfo).toMatchObject({ hasNextPage: false, nextCursor: null, limit: 50 });
    expect(res.body.data.map((r: HeldRecord) => r.fullName)).toEqual([
      'Jerusalem Reporter Test',
      'Unplaced Editor Test',
    ]);
    jerusalem = res.body.data[0];
    expect(jerusalem).toEqual({
      source: 'cpj',
      key: expect.stringContaining('jerusalem reporter test|2015|'),
      countryLabel: COMBINED,
      candidates: ['IL', 'PS'],
      reason: expect.stringMatching(/covers IL and PS and the place \("Jerusalem"\)/),
      countryCode: null,
      fullName: 'Jerusalem Reporter Test',
      dateStart: '2015-01-01',
      datePrecision: 'year',
      place: 'Jerusalem',
      rows: [2],
      flags: [`ambiguous_country:${COMBINED}`],
      firstJobId: job.id,
      lastJobId: job.id,
      heldSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('pages held records with a cursor and filters them by source', async () => {
    const first = await listHeld({ limit: '1' });
    expect(first.status).toBe(200);
    expect(first.body.pageInfo).toMatchObject({ hasNextPage: true, limit: 1 });
    const second = await listHeld({ limit: '1', cursor: first.body.pageInfo.nextCursor });
    expect(second.status).toBe(200);
    expect(second.body.pageInfo).toMatchObject({ hasNextPage: false, nextCursor: null });
    expect([...first.body.data, ...second.body.data].map((r: HeldRecord) => r.fullName)).toEqual([
      'Jerusalem Reporter Test',
      'Unplaced Editor Test',
    ]);
    expect((await listHeld({ source: 'tracker' })).body.data).toEqual([]);
    expect((await listHeld({ source: 'cpj' })).body.data).toHaveLength(2);
  });

  it('refuses a bad list query with a 400 naming the field', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'cpj', 'x'])).toString('base64url');
    for (const [query, field] of [
      [{ cursor: forged }, 'cursor'],
      [{ cursor: 'not a cursor' }, 'cursor'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ source: 'unesco' }, 'source'],
    ] as const) {
      const res = await listHeld(query);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('refuses a bad decision with a 400 naming the field, and writes nothing', async () => {
    const before = await state();
    const valid = { source: 'cpj', key: jerusalem.key, countryCode: 'PS' };
    const cases: [Record<string, unknown>, string, RegExp?][] = [
      [{ ...valid, countryCode: 'XX' }, 'countryCode', /not a country the tracker knows/],
      [{ ...valid, countryCode: 'ps' }, 'countryCode'],
      [{ ...valid, countryCode: 'PSE' }, 'countryCode'],
      [{ ...valid, countryCode: 'SU' }, 'countryCode', /Soviet Union \(SU\) did not exist on 2015/],
      [{ ...valid, countryCode: 'EG' }, 'countryCode', /not one of the countries .* \(IL, PS\)/],
      [{ ...valid, countryCode: 'EG', note: '  ' }, 'countryCode', /give a note/],
      [{ source: 'cpj', key: jerusalem.key }, 'countryCode'],
      [{ source: 'cpj', countryCode: 'PS' }, 'key'],
      [{ key: jerusalem.key, countryCode: 'PS' }, 'source'],
      [{ ...valid, source: 'unesco' }, 'source'],
      [{ ...valid, key: '' }, 'key'],
      [{ ...valid, key: 'k'.repeat(1001) }, 'key'],
      [{ ...valid, note: 'n'.repeat(2001) }, 'note'],
      [{ ...valid, caseId: '00000000-0000-4000-8000-000000000000' }, 'caseId'],
    ];
    for (const [body, field, reason] of cases) {
      const res = await resolve(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      const problem = res.body.details.find((d: { field: string }) => d.field === field);
      expect({ body, problem }).toEqual({ body, problem: expect.anything() });
      if (reason) expect(problem.message).toMatch(reason);
    }
    const unknown = await resolve({ ...valid, key: 'nobody|2015|nowhere|killed' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('import_record_not_found');
    expect(await state()).toEqual(before);
  });

  it('settles the country as PS: the case is created, leaves the list, and cannot be settled twice', async () => {
    const cases = (await state()).cases;
    const res = await resolve({
      source: 'cpj',
      key: jerusalem.key,
      countryCode: 'PS',
      note: 'East Jerusalem, per the CPJ profile',
    });
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    expect(res.body).toEqual({
      caseId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: `/api/v1/cases/${caseId}`,
      record: {
        ...jerusalem,
        reason: null,
        countryCode: 'PS',
        flags: [`ambiguous_country:${COMBINED}`, `country_decided:${COMBINED}->PS`],
      },
    });
    expect((await state()).cases).toBe(cases + 1);

    const shown = await t.http().get(res.body.url).set(reviewer());
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).toContain('Jerusalem Reporter Test');
    expect(shown.body.incident).toMatchObject({ countryCode: 'PS', place: 'Jerusalem' });

    const source = await t.dataSource.query(
      `SELECT case_id, review_state, raw->>'heldFor' AS held_for, raw->'incident'->>'countryCode' AS country
         FROM import_sources WHERE source = 'cpj' AND source_key = $1`,
      [jerusalem.key],
    );
    expect(source).toEqual([
      { case_id: caseId, review_state: 'resolved', held_for: null, country: 'PS' },
    ]);

    const list = await listHeld();
    expect(list.body.data.map((r: HeldRecord) => r.fullName)).toEqual(['Unplaced Editor Test']);

    const before = await state();
    const again = await resolve({ source: 'cpj', key: jerusalem.key, countryCode: 'IL' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('import_record_not_held');
    expect(again.body.message).toContain(caseId);
    expect(await state()).toEqual(before);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await state();
    const again = await importFile(roles.admin.key);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2, held: 1 });
    const after = await state();
    expect(after.cases).toBe(before.cases);
    expect(after.audit).toBe(before.audit);
    const settled = await t.dataSource.query(
      `SELECT case_id FROM import_sources WHERE source = 'cpj' AND source_key = $1`,
      [jerusalem.key],
    );
    expect(settled).toEqual([{ case_id: caseId }]);
  });

  it('keeps a settled record a case when an import that read it as held writes it back', async () => {
    // What an import running beside the reviewer would write: the record held, with a newer hash.
    const [row] = await t.dataSource.query(
      `SELECT raw, content_hash AS hash FROM import_sources WHERE source = 'cpj' AND source_key = $1`,
      [jerusalem.key],
    );
    await t.dataSource.transaction((manager) =>
      t.app.get(ImportSourcesRepository).upsertSources(manager, job.id, [
        {
          source: 'cpj',
          key: jerusalem.key,
          caseId: null,
          hash: 'a newer file',
          record: { ...row.raw, heldFor: 'held again' },
        },
      ]),
    );
    const [after] = await t.dataSource.query(
      `SELECT case_id, review_state, content_hash, raw->>'heldFor' AS held FROM import_sources WHERE source = 'cpj' AND source_key = $1`,
      [jerusalem.key],
    );
    expect(after).toEqual({
      case_id: caseId,
      review_state: 'resolved',
      content_hash: row.hash,
      held: null,
    });
  });

  it('records the decision in the audit trail', async () => {
    const res = await t
      .http()
      .get('/api/v1/audit')
      .query({ entityType: 'case', entityId: caseId })
      .set(reviewer());
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      action: 'create',
      actor: expect.stringContaining('Rafael Reviewer'),
      note: `reviewer settled the country of import record cpj:${jerusalem.key} as PS for label "${COMBINED}": East Jerusalem, per the CPJ profile`,
    });
    expect(res.body.data[0].after).toMatchObject({
      heldFor: null,
      incident: { countryCode: 'PS' },
    });
    // Attributed like any other change: the member and the organisation behind the key.
    const [entry] = await t.dataSource.query(
      `SELECT member_id AS "memberId", organisation_id AS "organisationId", role FROM audit_log WHERE entity_id = $1`,
      [caseId],
    );
    expect(entry).toEqual({
      memberId: roles.reviewer.memberId,
      organisationId: roles.reviewer.organisationId,
      role: 'reviewer',
    });
  });

  it('updates a settled case from a newer file whose label is still ambiguous, keeping its country', async () => {
    const newer = FILE.replace(
      `Jerusalem,Local,Unknown Fire,Confirmed,Complete Impunity`,
      `Jerusalem,Local,Unknown Fire,Confirmed,Partial Impunity`,
    );
    expect(newer).not.toBe(FILE);
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-api', wait: 'true' })
      .set(reviewer())
      .set('content-type', 'text/csv')
      .send(newer);
    expect(res.body.summary).toMatchObject({ created: 0, updated: 1, held: 1 });
    const updated = await t.http().get(`/api/v1/cases/${caseId}`).set(reviewer()).expect(200);
    expect(updated.body.incident.countryCode).toBe('PS');
    const [status] = await t.dataSource.query(
      `SELECT status FROM case_current_status WHERE case_id = $1 AND scheme = 'cpj'`,
      [caseId],
    );
    expect(status.status).toBe('partial_justice');
    const [source] = await t.dataSource.query(
      `SELECT case_id, review_state, raw->>'heldFor' AS held FROM import_sources WHERE source = 'cpj' AND source_key = $1`,
      [jerusalem.key],
    );
    expect(source).toEqual({ case_id: caseId, review_state: 'resolved', held: null });
    const history = await t
      .http()
      .get('/api/v1/audit')
      .query({ entityType: 'case', entityId: caseId })
      .set(reviewer());
    expect(history.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'create',
      'update',
    ]);
  });

  it('settles a country outside the candidates when the reviewer says why', async () => {
    const [unplaced] = (await listHeld().expect(200)).body.data as HeldRecord[];
    expect(unplaced.fullName).toBe('Unplaced Editor Test');
    const res = await resolve({
      source: 'cpj',
      key: unplaced.key,
      countryCode: 'JO',
      note: 'Killed in Amman, per the newsroom',
    }).expect(201);
    const settled = await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(reviewer());
    expect(settled.body.incident.countryCode).toBe('JO');
  });
});
