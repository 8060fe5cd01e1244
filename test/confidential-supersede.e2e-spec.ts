import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';
import { tableSnapshot } from './table-snapshot.js';

/**
 * A confidential status entry (a state's unpublished answer) is, to a contributor, an entry that
 * does not exist: proposing to supersede it gets the same answer, in both transports, as proposing
 * to supersede an id that was never used.
 */
const admin = bearer(ADMIN_KEY);
const TABLES = ['proposals', 'status_entries', 'audit_log'];

describe('superseding a confidential status entry', () => {
  let t: TestApp;
  let roles: Roles;
  let caseId: string;
  let confidential: string;
  let correctedInConfidence: string;
  let missing: string;

  const insertEntry = async (confidentialEntry: boolean, supersedes: string | null = null) =>
    (
      await t.dataSource.query(
        `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, confidential, supersedes_id, created_by)
         VALUES ($1, 'unesco', 'ongoing', '2021-05-01', 'state', $2, $3::bigint, 'test') RETURNING id::text AS id`,
        [caseId, confidentialEntry, supersedes],
      )
    )[0].id as string;

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2020-03-14',
        datePrecision: 'day',
        countryCode: 'MX',
        place: 'Veracruz',
        attackTypes: ['murder'],
        victims: [
          {
            person: { fullName: 'Status Victim', gender: 'male', nationalities: ['MX'] },
            outcome: 'killed',
          },
        ],
      })
      .expect(201);
    caseId = created.body.victims[0].caseId;
    confidential = await insertEntry(true);
    correctedInConfidence = await insertEntry(false);
    await insertEntry(true, correctedInConfidence);
    const [{ next }] = await t.dataSource.query(
      `SELECT (max(id) + 1000)::text AS next FROM status_entries`,
    );
    missing = next;
  });
  afterAll(() => t.close());

  const entry = (supersedes: string) => ({
    scheme: 'unesco',
    status: 'resolved',
    effectiveDate: '2022-01-10',
    reportedBy: 'organisation',
    supersedes,
  });
  const proposeRest = (key: string, supersedes: string) =>
    t
      .http()
      .post('/api/v1/proposals/status-entries')
      .set(bearer(key))
      .send({ caseId, entry: entry(supersedes), evidenceLinks: ['https://example.org/ruling'] });
  const proposeGraphql = (key: string, supersedes: string) =>
    t.graphql(
      `mutation ($input: ProposeStatusEntryInput!) { proposeStatusEntry(input: $input) { id } }`,
      {
        input: { caseId, entry: entry(supersedes), evidenceLinks: ['https://example.org/ruling'] },
      },
      key,
    );
  /** The answer with the id it names replaced, so that two answers can be compared. */
  const withoutId = (body: unknown, id: string) =>
    JSON.parse(JSON.stringify(body).replaceAll(`${id} is not`, 'ID is not'));

  it('answers a contributor exactly as for an entry that does not exist, and files nothing', async () => {
    const before = await tableSnapshot(t.dataSource, TABLES);
    const secret = await proposeRest(roles.contributor.key, confidential);
    const absent = await proposeRest(roles.contributor.key, missing);
    expect(absent.status).toBe(400);
    expect(secret.status).toBe(absent.status);
    expect(withoutId(secret.body, confidential)).toEqual(withoutId(absent.body, missing));
    expect(secret.body.details).toEqual([
      { field: 'entry.supersedes', message: `${confidential} is not a status entry` },
    ]);

    const secretGql = await proposeGraphql(roles.contributor.key, confidential);
    const absentGql = await proposeGraphql(roles.contributor.key, missing);
    expect(withoutId(secretGql.body, confidential)).toEqual(withoutId(absentGql.body, missing));
    expect(await tableSnapshot(t.dataSource, TABLES)).toEqual(before);
  });

  it('does not name a confidential correction to a contributor', async () => {
    const res = await proposeRest(roles.contributor.key, correctedInConfidence);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/corrected by entry/);
    const reviewer = await proposeRest(roles.reviewer.key, correctedInConfidence);
    expect(reviewer.status).toBe(400);
    expect(JSON.stringify(reviewer.body)).toMatch(/corrected by entry \d+/);
  });

  it('lets a reviewer, who sees confidential entries, propose the correction', async () => {
    const res = await proposeRest(roles.reviewer.key, confidential);
    expect(res.status).toBe(201);
  });
});
