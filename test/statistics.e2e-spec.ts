import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { jest } from '@jest/globals';
import { StatisticsRepository } from '../src/statistics/statistics.repository.js';
import { StatisticsService } from '../src/statistics/statistics.service.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/**
 * Hand-computed fixtures for the traps: a multi-victim incident, a status changed after asOf, one
 * recorded after knownAsOf, a silent state, unknown gender, a killing before 2006, one not
 * condemned, a crossfire death that is no murder, and countries with fewer than 5 unsolved murders.
 */
describe('statistics', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  async function incident(
    key: string,
    body: object,
    victims: {
      key: string;
      gender: string;
      condemned?: boolean;
      /** CPJ's motive, when CPJ has the case. */
      motive?: 'confirmed' | 'unconfirmed';
    }[],
  ) {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({
        ...body,
        datePrecision: 'day',
        victims: victims.map((v) => ({
          person: { fullName: `Victim ${v.key}`, gender: v.gender },
          outcome: 'killed',
          classifications: [
            ...(v.condemned === false ? [] : [{ monitor: 'unesco', condemnation: 'condemned' }]),
            ...(v.motive ? [{ monitor: 'cpj', motive: v.motive }] : []),
          ],
        })),
      })
      .expect(201);
    for (const victim of res.body.victims)
      ids[victim.fullName.replace('Victim ', '')] = victim.caseId;
    void key;
  }

  async function entry(
    key: string,
    scheme: string,
    status: string,
    effective: string,
    recorded: string,
  ) {
    await t.dataSource.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, recorded_at, reported_by, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'fixture')`,
      [ids[key], scheme, status, effective, recorded, scheme === 'unesco' ? 'state' : 'monitor'],
    );
  }

  const get = async (
    path: string,
    query: Record<string, string | number> = {},
    headers: Record<string, string> = {},
  ) =>
    (await t.http().get(`/api/v1/statistics/${path}`).query(query).set(headers).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    await incident('A', { dateStart: '2009-11-23', countryCode: 'PH', attackTypes: ['murder'] }, [
      { key: 'A1', gender: 'male', motive: 'confirmed' },
      { key: 'A2', gender: 'female', motive: 'confirmed' },
      { key: 'A3', gender: 'unknown' },
    ]);
    await incident('B', { dateStart: '2012-05-03', countryCode: 'MX', attackTypes: ['murder'] }, [
      { key: 'B1', gender: 'male', motive: 'confirmed' },
    ]);
    await incident(
      'C',
      { dateStart: '2015-06-01', countryCode: 'MX', attackTypes: ['crossfire_combat'] },
      [{ key: 'C1', gender: 'female' }],
    );
    await incident('D', { dateStart: '2005-01-01', countryCode: 'MX', attackTypes: ['murder'] }, [
      { key: 'D1', gender: 'male' },
    ]);
    await incident('E', { dateStart: '2017-03-03', countryCode: 'HN', attackTypes: ['murder'] }, [
      { key: 'E1', gender: 'male', condemned: false, motive: 'unconfirmed' },
    ]);

    await entry('A1', 'unesco', 'ongoing', '2012-01-01', '2012-01-02T00:00:00Z');
    await entry('A1', 'unesco', 'resolved', '2020-01-01', '2020-01-02T00:00:00Z');
    await entry('A2', 'unesco', 'resolved', '2015-01-01', '2023-06-01T00:00:00Z');
    await entry('B1', 'unesco', 'ongoing', '2013-01-01', '2013-01-02T00:00:00Z');
    await entry('C1', 'unesco', 'resolved', '2016-01-01', '2016-01-02T00:00:00Z');
    await entry('E1', 'unesco', 'ongoing', '2018-01-01', '2018-01-02T00:00:00Z');
    for (const [key, status] of [
      ['A1', 'complete_impunity'],
      ['A2', 'partial_justice'],
      ['B1', 'complete_impunity'],
      ['D1', 'full_justice'],
      ['E1', 'complete_impunity'],
    ]) {
      await entry(key, 'cpj', status, '2018-09-01', '2018-09-02T00:00:00Z');
    }
    await t.dataSource.query(
      `INSERT INTO population (world_bank_code, year, value, country_code, name) VALUES ('PHL', 2019, 108116615, 'PH', 'Philippines'), ('MEX', 2019, 127575529, 'MX', 'Mexico')`,
    );
  });
  afterAll(() => t.close());

  it('counts killings per person, grouped, with unknown data beside', async () => {
    const total = await get('killings');
    expect(total).toMatchObject({
      figure: 'killings',
      value: 7,
      numerator: 7,
      denominator: null,
      unknown: 0,
      definition: { name: 'killings', version: '1.0' },
    });
    expect(Number(total.revision)).toBeGreaterThan(0);
    const byGender = await get('killings', { groupBy: 'gender' });
    expect(byGender).toMatchObject({ value: 7, unknown: 1 });
    expect(byGender.groups.map((g: { key: object; value: number }) => [g.key, g.value])).toEqual([
      [{ gender: 'female' }, 2],
      [{ gender: 'male' }, 4],
      [{ gender: null }, 1],
    ]);
    const byYearCountry = await get('killings', { groupBy: 'year,country' });
    expect(
      byYearCountry.groups.map((g: { key: { year: number; country: string }; value: number }) => [
        g.key.year,
        g.key.country,
        g.value,
      ]),
    ).toEqual([
      [2005, 'MX', 1],
      [2009, 'PH', 3],
      [2012, 'MX', 1],
      [2015, 'MX', 1],
      [2017, 'HN', 1],
    ]);
    const byAttack = await get('killings', { groupBy: 'attack_type' });
    expect(
      byAttack.groups.map((g: { key: { attack_type: string }; value: number }) => [
        g.key.attack_type,
        g.value,
      ]),
    ).toEqual([
      ['crossfire_combat', 1],
      ['murder', 6],
    ]);
    expect((await get('killings', { country: 'MX' })).value).toBe(3);
    expect(
      (await get('killings', { region: 'latin_america_caribbean', groupBy: 'region' })).groups,
    ).toEqual([expect.objectContaining({ key: { region: 'latin_america_caribbean' }, value: 4 })]);
    expect((await get('killings', { asOf: '2010-01-01' })).value).toBe(4);
  });

  it('computes the unresolved ratio on any date as known on any date', async () => {
    const now = await get('unresolved-ratio');
    expect(now).toMatchObject({
      value: 0.4,
      numerator: 2,
      denominator: 5,
      unknown: 1,
      scope: { scope: 'unesco' },
    });
    expect(now.published.map((p: { value: number }) => p.value)).toEqual([0.89, 0.87, 0.86, 0.85]);
    expect(await get('unresolved-ratio', { asOf: '2019-12-31' })).toMatchObject({
      value: 0.6,
      numerator: 3,
      denominator: 5,
    });
    expect(
      await get('unresolved-ratio', { asOf: '2019-12-31', knownAsOf: '2022-12-31' }),
    ).toMatchObject({
      value: 0.8,
      numerator: 4,
      denominator: 5,
      unknown: 2,
      knownAsOf: '2022-12-31',
    });
    expect(await get('unresolved-ratio', { scope: 'all' })).toMatchObject({
      value: 0.5,
      numerator: 3,
      denominator: 6,
    });
    const byCountry = await get('unresolved-ratio', { groupBy: 'country' });
    expect(
      byCountry.groups.map((g: { key: { country: string }; value: number }) => [
        g.key.country,
        g.value,
      ]),
    ).toEqual([
      ['MX', 0.5],
      ['PH', 0.3333],
    ]);
  });

  it('computes the CPJ impunity share and index, leaving out countries under the minimum', async () => {
    expect(await get('impunity-share')).toMatchObject({
      value: 0.6,
      numerator: 3,
      denominator: 5,
      unknown: 1,
    });
    const none = await get('impunity-index', { windowEnd: '2019-08-31', populationYear: 2019 });
    expect(none.groups).toEqual([]);
    expect(none.scope).toMatchObject({
      windowFrom: '2009-09-01',
      windowTo: '2019-08-31',
      minimum: 5,
      populationYear: 2019,
    });
    // Ten years ending on 29 February start the day after 28 February ten years before.
    expect(
      (await get('impunity-index', { windowEnd: '2020-02-29', populationYear: 2019 })).scope,
    ).toMatchObject({ windowFrom: '2010-03-01', windowTo: '2020-02-29' });
    const ranked = await get('impunity-index', {
      windowEnd: '2019-08-31',
      populationYear: 2019,
      minimum: 1,
    });
    expect(
      ranked.groups.map(
        (g: { key: { country: string }; value: number | null; note: string | null }) => [
          g.key.country,
          g.value,
          g.note,
        ],
      ),
    ).toEqual([
      ['PH', Math.round((1 / 108.116615) * 1000) / 1000, null],
      ['MX', Math.round((1 / 127.575529) * 1000) / 1000, null],
    ]);
    // HN's one unsolved murder has a motive CPJ has not confirmed: CPJ's index leaves it out.
    expect(ranked.definition).toMatchObject({ name: 'impunity_index', version: '2.0' });
    expect(ranked.definition.description).toContain('motive confirmed');
  });

  it('serves ETags and 304s, and does not recompute at an unchanged revision', async () => {
    const repository = t.app.get(StatisticsRepository);
    const original = repository.killings.bind(repository);
    let computed = 0;
    repository.killings = (...args) => ((computed += 1), original(...args));
    const first = await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ groupBy: 'country', yearFrom: 2001 })
      .expect(200);
    const second = await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ yearFrom: 2001, groupBy: 'country' })
      .expect(200);
    expect(computed).toBe(1);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(first.headers['cache-control']).toContain('public');
    await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ groupBy: 'country', yearFrom: 2001 })
      .set('if-none-match', first.headers.etag)
      .expect(304);
    await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ groupBy: 'country', yearFrom: 2001 })
      .set('cache-control', 'no-cache')
      .expect(200);
    expect(computed).toBe(2);
    await incident('F', { dateStart: '2021-02-02', countryCode: 'MX', attackTypes: ['murder'] }, [
      { key: 'F1', gender: 'male' },
    ]);
    const third = await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ groupBy: 'country', yearFrom: 2001 })
      .set('if-none-match', first.headers.etag)
      .expect(200);
    expect(third.headers.etag).not.toBe(first.headers.etag);
    expect(Number(third.body.revision)).toBeGreaterThan(Number(first.body.revision));
    expect(third.body.value).toBe(first.body.value + 1);
    repository.killings = original;
  });

  it('answers repeated anonymous requests from memory, and never a request with a key', async () => {
    const service = t.app.get(StatisticsService);
    const spy = jest.spyOn(service, 'conditional');
    const url = '/api/v1/statistics/unresolved-ratio?groupBy=country&scope=all';
    const first = await t.http().get(url).expect(200);
    const second = await t.http().get(url).expect(200);
    expect(spy).toHaveBeenCalledTimes(1); // the second came from the response cache
    expect(second.text).toBe(first.text);
    for (const header of ['etag', 'cache-control', 'vary', 'content-type'])
      expect(second.headers[header]).toBe(first.headers[header]);
    await t.http().get(url).set('if-none-match', first.headers.etag).expect(304);
    expect(spy).toHaveBeenCalledTimes(1);

    // Credentials always take the whole pipeline: a bad key is refused, a good one computed for.
    await t.http().get(url).set('authorization', 'Bearer not-a-key').expect(401);
    const admin = await t.http().get(url).set(auth).expect(200);
    expect(admin.headers['cache-control']).toBe('private, no-store');
    await t.http().get(url).set('cache-control', 'no-cache').expect(200);
    expect(spy).toHaveBeenCalledTimes(3);

    // A write moves the revision on: the remembered response is not served again.
    await incident('G', { dateStart: '2021-03-03', countryCode: 'PH', attackTypes: ['murder'] }, [
      { key: 'G1', gender: 'female' },
    ]);
    const after = await t.http().get(url).expect(200);
    expect(spy).toHaveBeenCalledTimes(4);
    expect(after.body.revision).not.toBe(first.body.revision);
    expect(after.body.denominator).toBe(first.body.denominator + 1);
    spy.mockRestore();
  });

  it('lists a published figure beside the live one as soon as it is recorded', async () => {
    const url = '/api/v1/statistics/unresolved-ratio?scope=unesco';
    const before = await t.http().get(url).expect(200);
    await t.http().get(url).expect(200); // now remembered at this revision
    await t
      .http()
      .post('/api/v1/statistics/published-figures')
      .set(auth)
      .send({
        figure: 'unresolved_ratio',
        source: 'A press-freedom network',
        value: 0.8,
        unit: 'ratio',
        publishedOn: '2025-11-02',
      })
      .expect(201);
    const after = await t.http().get(url).expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.published.map((p: { source: string }) => p.source)).toContain(
      'A press-freedom network',
    );
    expect(before.body.published).toHaveLength(after.body.published.length - 1);
  });

  it('freezes a citation that keeps its numbers after more data is added', async () => {
    const created = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'unresolved_ratio', query: { groupBy: 'country' } })
      .expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f]{64}$/);
    // Anyone can check the id: the SHA-256 of the RFC 8785 canonical JSON of the frozen content.
    const { figure, query, definition, revision, frozen: result } = created.body;
    expect(
      createHash('sha256')
        .update(canonicalize({ figure, query, definition, revision, result })!)
        .digest('hex'),
    ).toBe(created.body.id);
    expect(created.body.url).toContain(`/api/v1/citations/${created.body.id}`);
    const frozen = created.body.frozen;
    const again = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'unresolved_ratio', query: { groupBy: 'country' } })
      .expect(201);
    expect(again.body.id).toBe(created.body.id);
    await incident('G', { dateStart: '2022-03-03', countryCode: 'PH', attackTypes: ['murder'] }, [
      { key: 'G1', gender: 'female' },
    ]);
    const later = await t.http().get(`/api/v1/citations/${created.body.id}`).expect(200);
    expect(later.body.frozen).toEqual(frozen);
    expect(later.body.live.denominator).toBe(frozen.denominator + 1);
    expect(later.body.change.denominator).toBe(1);
    expect(Number(later.body.change.revisionsSince)).toBeGreaterThan(0);
    const bad = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'unresolved_ratio', query: { groupBy: 'colour' } })
      .expect(400);
    expect(bad.body.details[0].field).toBe('query.groupBy');
    await t.http().get('/api/v1/citations/000000000000000000000000').expect(404);
    // An id issued under the earlier scheme (24 hexadecimal digits) keeps resolving.
    await t.dataSource.query(
      `INSERT INTO citations (id, figure, query, result, definition, revision)
       SELECT '0123456789abcdef01234567', figure, query, result, definition, revision FROM citations WHERE id = $1`,
      [created.body.id],
    );
    const legacy = await t.http().get('/api/v1/citations/0123456789abcdef01234567').expect(200);
    expect(legacy.body.frozen).toEqual(frozen);
  });

  it('answers the same figures in GraphQL, and rejects bad parameters naming them', async () => {
    const res = await t.graphql(`{ statistics {
      unresolvedRatio(filter: { asOf: "2019-12-31", knownAsOf: "2022-12-31" }) { value numerator denominator unknown definition { version } revision }
      killings(options: { groupBy: [gender] }) { value groups { key value } }
      impunityIndex(options: { windowEnd: "2019-08-31", populationYear: 2019, minimum: 1 }) { groups { key value note } }
      publishedFigures(figure: "unresolved_ratio") { value publishedOn }
    } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.statistics.unresolvedRatio).toMatchObject({
      value: 0.8,
      numerator: 4,
      denominator: 5,
    });
    expect(res.body.data.statistics.killings.groups).toHaveLength(3);
    for (const [path, query, field] of [
      ['killings', { groupBy: 'colour' }, 'groupBy'],
      ['killings', { asOf: '2999-01-01' }, 'asOf'],
      ['unresolved-ratio', { scope: 'everything' }, 'scope'],
      ['impunity-index', { windowYears: 0 }, 'windowYears'],
      ['impunity-index', { windowEnd: '2019-02-30' }, 'windowEnd'],
      ['killings', { country: 'QQ' }, 'country'],
    ] as const) {
      const bad = await t.http().get(`/api/v1/statistics/${path}`).query(query).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
