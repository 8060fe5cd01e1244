import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';

/**
 * Atom feeds as a newsroom's feed reader and a reviewer meet them: filters like the case list,
 * well-formed Atom with ids and updated dates, an ETag by dataset revision, nothing confidential
 * for the anonymous reader, and the review queue behind a feed key.
 */

const admin = bearer(ADMIN_KEY);
const SECRET = 'Witness W-44, only through the Manila desk';

interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: { '@_href': string } | { '@_href': string }[];
  category?: { '@_term': string } | { '@_term': string }[];
}

/** Checks the Atom rules a validator checks first, and returns the entries. */
function atom(xml: string): { feed: Record<string, unknown>; entries: AtomEntry[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const feed = parsed.feed;
  expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(typeof feed.id).toBe('string');
  expect(feed.title).toBeTruthy();
  expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
  expect(feed.author.name).toBeTruthy();
  const text = (node: unknown) =>
    String(
      typeof node === 'object' && node !== null ? (node as { '#text': string })['#text'] : node,
    );
  const entries: AtomEntry[] = (feed.entry ? [feed.entry].flat() : []).map((e: AtomEntry) => ({
    ...e,
    title: text(e.title),
  }));
  for (const entry of entries) {
    expect(typeof entry.id).toBe('string');
    expect(entry.title).toBeTruthy();
    expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { feed, entries };
}

describe('feeds', () => {
  let t: TestApp;
  let roles: Roles;
  const cases: Record<string, string> = {};

  const createIncident = async (countryCode: string, name: string, attackTypes: string[]) => {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2020-05-01',
        datePrecision: 'day',
        countryCode,
        place: 'Feed Town',
        attackTypes,
        confidentialDetails: { internalNote: SECRET },
        victims: [
          {
            person: { fullName: name, gender: 'male', nationalities: [countryCode] },
            outcome: attackTypes.includes('murder') ? 'killed' : 'threatened',
            localForeign: 'local',
            confidentialDetails: { witnessDetails: SECRET },
          },
        ],
      })
      .expect(201);
    return res.body.victims[0].caseId as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
    cases.phKilled = await createIncident('PH', 'Feed Killed Philippines', ['murder']);
    cases.phThreat = await createIncident('PH', 'Feed Threatened Philippines', ['threat']);
    cases.mxKilled = await createIncident('MX', 'Feed Killed Mexico', ['murder']);
    await t
      .http()
      .post(`/api/v1/cases/${cases.phKilled}/status-history`)
      .set(admin)
      .send({
        scheme: 'unesco',
        status: 'ongoing',
        effectiveDate: '2021-01-01',
        reportedBy: 'staff',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('lists newly recorded cases filtered like the case list, linked to their pages', async () => {
    const res = await t
      .http()
      .get('/feeds/cases.atom')
      .query({ country: 'PH', attackType: 'killing' })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = atom(res.text);
    expect(feed.id).toContain('/feeds/cases.atom?attackType=killing&country=PH');
    expect(entries).toHaveLength(1);
    expect(entries[0].id).toMatch(new RegExp(`/cases/${cases.phKilled}$`));
    expect(entries[0].title).toContain('Feed Killed Philippines');
    const all = atom((await t.http().get('/feeds/cases.atom').expect(200)).text).entries;
    expect(all.map((e) => e.id.split('/').at(-1))).toEqual(
      expect.arrayContaining([cases.phKilled, cases.phThreat, cases.mxKilled]),
    );
  });

  it('lists status changes of the matching cases', async () => {
    const { entries } = atom(
      (await t.http().get('/feeds/status-changes.atom').query({ country: 'PH' }).expect(200)).text,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].title).toContain('unesco status ongoing');
    const none = atom(
      (await t.http().get('/feeds/status-changes.atom').query({ country: 'MX' }).expect(200)).text,
    );
    expect(none.entries).toHaveLength(0);
  });

  it('answers 304 while the dataset revision is unchanged, and a new feed after a write', async () => {
    const first = await t.http().get('/feeds/cases.atom').query({ country: 'MX' }).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"cases-\d+-[0-9a-f]{16}"$/);
    await t
      .http()
      .get('/feeds/cases.atom')
      .query({ country: 'MX' })
      .set('if-none-match', etag)
      .expect(304);
    // Another filter is another document.
    const other = await t.http().get('/feeds/cases.atom').query({ country: 'PH' }).expect(200);
    expect(other.headers.etag).not.toBe(etag);
    await createIncident('MX', 'Feed Later Mexico', ['murder']);
    const after = await t
      .http()
      .get('/feeds/cases.atom')
      .query({ country: 'MX' })
      .set('if-none-match', etag)
      .expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(atom(after.text).entries).toHaveLength(2);
  });

  it('never shows a confidential field to the anonymous reader', async () => {
    for (const path of ['/feeds/cases.atom', '/feeds/status-changes.atom'])
      expect((await t.http().get(path).expect(200)).text).not.toContain('Witness W-44');
  });

  it('names a bad filter in a 400', async () => {
    const res = await t
      .http()
      .get('/feeds/cases.atom')
      .query({ country: 'ZZ', outcome: 'x' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['outcome']);
    const unknown = await t.http().get('/feeds/cases.atom').query({ country: 'ZZ' }).expect(400);
    expect(unknown.body.details).toEqual([
      { field: 'country', message: 'ZZ is not a known country code' },
    ]);
  });

  it('gives reviewers a private review-queue feed by organisation and country, behind a feed key', async () => {
    await t
      .http()
      .post('/api/v1/review-feed-keys')
      .set(bearer(roles.contributor.key))
      .send({})
      .expect(403);
    const made = await t
      .http()
      .post('/api/v1/review-feed-keys')
      .set(bearer(roles.reviewer.key))
      .send({ label: 'feed reader' })
      .expect(201);
    expect(made.body.key).toMatch(/^rfk_[0-9a-f]{8}_/);
    expect(made.body.feedUrl).toContain(`/feeds/review-queue.atom?key=${made.body.key}`);
    for (const caseId of [cases.phKilled, cases.mxKilled])
      await t
        .http()
        .post('/api/v1/proposals/status-entries')
        .set(bearer(roles.contributor.key))
        .send({
          caseId,
          entry: {
            scheme: 'unesco',
            status: 'resolved',
            effectiveDate: '2022-01-01',
            reportedBy: 'organisation',
          },
          evidenceLinks: ['https://example.org/verdict'],
        })
        .expect(201);
    const key = made.body.key as string;
    const ph = atom(
      (await t.http().get('/feeds/review-queue.atom').query({ key, country: 'PH' }).expect(200))
        .text,
    );
    expect(ph.entries).toHaveLength(1);
    expect(ph.entries[0].title).toContain('(PH)');
    const byOrganisation = atom(
      (
        await t
          .http()
          .get('/feeds/review-queue.atom')
          .query({ key, organisation: roles.contributor.organisationId })
          .expect(200)
      ).text,
    );
    expect(byOrganisation.entries).toHaveLength(2);
    const elsewhere = atom(
      (
        await t
          .http()
          .get('/feeds/review-queue.atom')
          .query({ key, organisation: roles.outsider.organisationId })
          .expect(200)
      ).text,
    );
    expect(elsewhere.entries).toHaveLength(0);
    expect(
      (
        await t
          .http()
          .get('/feeds/review-queue.atom')
          .query({ key: 'rfk_00000000_nope' })
          .expect(401)
      ).body.code,
    ).toBe('unauthenticated');
    await t.http().get('/feeds/review-queue.atom').expect(400);
    await t
      .http()
      .delete(`/api/v1/review-feed-keys/${made.body.id}`)
      .set(bearer(roles.reviewer.key))
      .expect(200);
    await t.http().get('/feeds/review-queue.atom').query({ key }).expect(401);
  });
});
