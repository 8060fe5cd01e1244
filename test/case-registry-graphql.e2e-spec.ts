import type { DataSource } from 'typeorm';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { versionOf } from './versions.js';

/**
 * GraphQL has the capabilities of REST and agrees with it: the same filters, pages, records and
 * changes; and a page of cases with its nested people, incidents and countries costs the same
 * few SQL statements whatever its size.
 */

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

const GENDERS = ['female', 'male', 'male', 'other', 'unknown'];
const ROLES = ['journalist', 'media_worker', 'social_media_producer'];
const EMPLOYMENTS = ['freelance', 'staff', 'unknown'];
const MEDIA = [['print'], ['radio'], ['television', 'online'], ['online'], ['other']];
const OUTCOMES = ['killed', 'killed', 'injured', 'detained', 'missing', 'threatened', 'other'];
const LOCAL_FOREIGN = ['local', 'foreign', 'unknown'];

/** Six incidents of eleven victims each: ten new people and one who is a victim twice. */
const INCIDENTS = [
  {
    dateStart: '2009-11-23',
    countryCode: 'PH',
    place: 'Sitio Masalay',
    context: 'non_conflict',
    attackTypes: ['murder'],
    perpetratorTypes: ['government_official', 'paramilitary'],
  },
  {
    dateStart: '2013-11-02',
    countryCode: 'ML',
    place: 'Kidal',
    context: 'conflict',
    attackTypes: ['abduction', 'murder'],
    perpetratorTypes: ['political_group'],
  },
  {
    dateStart: '2017-05-15',
    countryCode: 'MX',
    place: 'Culiacán',
    context: 'non_conflict',
    attackTypes: ['murder'],
    perpetratorTypes: ['criminal_group'],
  },
  {
    dateStart: '2012-02-22',
    countryCode: 'SY',
    place: 'Homs',
    context: 'conflict',
    attackTypes: ['crossfire_combat'],
    perpetratorTypes: ['military'],
  },
  {
    dateStart: '2015-01-07',
    countryCode: 'FR',
    place: 'Paris',
    context: 'non_conflict',
    attackTypes: ['murder'],
    perpetratorTypes: ['political_group'],
  },
  {
    dateStart: '2002-02-01',
    datePrecision: 'month',
    countryCode: 'PK',
    place: 'Karachi',
    context: 'conflict',
    attackTypes: ['abduction', 'murder'],
    perpetratorTypes: ['criminal_group'],
  },
];

const newVictim = (incident: number, i: number) => ({
  person: {
    fullName: `Sample Reporter ${incident}-${String(i).padStart(2, '0')}`,
    gender: GENDERS[i % 5],
    nationalities: [INCIDENTS[incident].countryCode],
    role: ROLES[i % 3],
    employment: EMPLOYMENTS[(i + incident) % 3],
    mediaTypes: MEDIA[(i + incident) % 5],
    outlets: [`Sample Outlet ${i % 4}`],
  },
  outcome: OUTCOMES[(i + incident) % 7],
  localForeign: LOCAL_FOREIGN[(i + incident) % 3],
  classifications:
    i % 4 === 0
      ? [{ monitor: 'cpj', externalId: `sample-${incident}-${i}`, motive: 'confirmed' }]
      : i % 4 === 1
        ? [{ monitor: 'unesco', condemnation: 'condemned' }]
        : [],
});

const CASE_PAGE = `
  query ($filter: CaseFilter, $first: Int, $after: String, $withTotal: Boolean) {
    cases(filter: $filter, first: $first, after: $after, withTotal: $withTotal) {
      data { id }
      pageInfo { nextCursor hasNextPage total limit }
    }
  }`;

/** The nested page whose statement count must not grow with its size. */
const NESTED_PAGE = `
  query ($first: Int) {
    cases(first: $first) {
      data {
        id
        person { fullName cases { id } }
        incident { country { name } cases { id } }
        classifications { monitor }
      }
    }
  }`;

/**
 * Runs `work` and records every SQL statement sent meanwhile on the application's connections:
 * the pg client class of the DataSource's pool is wrapped, so nothing that reaches PostgreSQL
 * through the application escapes the count.
 */
async function statementsDuring(
  dataSource: DataSource,
  work: () => PromiseLike<unknown>,
): Promise<string[]> {
  type Query = (this: unknown, ...args: unknown[]) => unknown;
  const pool = (
    dataSource.driver as unknown as { master: { Client: { prototype: { query: Query } } } }
  ).master;
  const prototype = pool.Client.prototype;
  const original = prototype.query;
  const statements: string[] = [];
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [first] = args;
    statements.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return statements;
}

describe('case registry through GraphQL', () => {
  let t: TestApp;
  const incidentIds: string[] = [];
  const recurring: string[] = [];
  let retracted: string;

  const gql = async (query: string, variables: Record<string, unknown> = {}, key?: string) => {
    const res = await t.graphql(query, variables, key);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
  const admin = (query: string, variables: Record<string, unknown> = {}) =>
    gql(query, variables, ADMIN_KEY);

  /** Every case id matching a filter, page by page, through each transport. */
  const graphqlIds = async (filter: Record<string, unknown>, first = 17) => {
    const ids: string[] = [];
    let after: string | null = null;
    let total: number | null = null;
    do {
      const { cases } = await gql(CASE_PAGE, { filter, first, after, withTotal: true });
      ids.push(...cases.data.map((c: { id: string }) => c.id));
      after = cases.pageInfo.nextCursor;
      total = cases.pageInfo.total;
    } while (after);
    return { ids, total };
  };
  const restIds = async (filter: Record<string, unknown>, limit = 17) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let total: number | null = null;
    do {
      const res = await t
        .http()
        .get('/api/v1/cases')
        .query({ ...filter, limit, withTotal: true, ...(cursor ? { cursor } : {}) })
        .expect(200);
      ids.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.pageInfo.nextCursor ?? undefined;
      total = res.body.pageInfo.total;
    } while (cursor);
    return { ids, total };
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const k of [0, 1, 2]) {
      const { createPerson } = await admin(
        `mutation ($input: PersonInput!) { createPerson(input: $input) { id } }`,
        {
          input: {
            fullName: `Recurring Reporter ${k}`,
            gender: GENDERS[k],
            nationalities: ['PH', 'FR'],
            mediaTypes: ['radio'],
          },
        },
      );
      recurring.push(createPerson.id);
    }
    for (const [n, incident] of INCIDENTS.entries()) {
      const { createIncident } = await admin(
        `mutation ($input: IncidentInput!) {
          createIncident(input: $input) { id cases { id } }
        }`,
        {
          input: {
            datePrecision: 'day',
            description: `Sample incident ${n}`,
            ...incident,
            victims: [
              ...Array.from({ length: 10 }, (_, i) => newVictim(n, i)),
              { personId: recurring[n % 3], outcome: 'injured', localForeign: 'local' },
            ],
          },
        },
      );
      expect(createIncident.cases).toHaveLength(11);
      incidentIds.push(createIncident.id);
    }
    // The first sample victim in France by name: never one of the recurring people, whose cases
    // other tests count, whatever order the random case ids put them in.
    const france = await t
      .http()
      .get('/api/v1/cases')
      .query({ country: 'FR', limit: 200 })
      .expect(200);
    const toRetract = (france.body.data as { id: string; person: { fullName: string } }[])
      .filter((c) => c.person.fullName.startsWith('Sample'))
      .sort((a, b) => a.person.fullName.localeCompare(b.person.fullName))[0].id;
    const { retractCase } = await admin(
      `mutation ($id: ID!, $v: Int!, $reason: String!) { retractCase(id: $id, expectedVersion: $v, reason: $reason) { id retractedAt } }`,
      { id: toRetract, v: await versionOf(t, 'case', toRetract), reason: 'Recorded twice' },
    );
    retracted = retractCase.id;
    expect(retractCase.retractedAt).toBeTruthy();
    // A few judicial statuses, so that the status filters select some cases and not others.
    for (const id of (await restIds({ country: 'MX', outcome: 'killed' })).ids)
      await t
        .http()
        .post(`/api/v1/cases/${id}/status-history`)
        .set(auth)
        .send({
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2018-03-01',
          reportedBy: 'state',
        })
        .expect(201);
  });
  afterAll(() => t.close());

  it('creates incidents with their victims through a mutation: 66 cases, one retracted', async () => {
    expect((await graphqlIds({})).total).toBe(65);
    expect((await graphqlIds({ includeRetracted: true })).total).toBe(66);
  });

  const FILTERS: Record<string, unknown>[] = [
    {},
    { country: 'PH' },
    { region: 'africa' },
    { region: 'asia_pacific', regionScheme: 'unesco' },
    { yearFrom: 2013 },
    { yearTo: 2012 },
    { yearFrom: 2012, yearTo: 2015 },
    { dateFrom: '2013-11-02' },
    { dateTo: '2012-02-22' },
    { attackType: 'killing' },
    { attackType: 'physical' },
    { perpetratorType: 'criminal_group' },
    { outcome: 'killed' },
    { gender: 'female' },
    { role: 'media_worker' },
    { mediaType: 'online' },
    { employment: 'freelance' },
    { localForeign: 'foreign' },
    { context: 'conflict' },
    { monitor: 'cpj' },
    { monitor: 'cpj', externalId: 'sample-2-4' },
    { externalId: 'sample-0-0' },
    { q: 'Recurring' },
    { q: 'Culiacan' },
    { includeRetracted: true, country: 'FR' },
    { status: 'ongoing' },
    { status: 'no_information', country: 'MX' },
    { status: 'ongoing', asOf: '2017-12-31' },
    { status: 'ongoing', knownAsOf: '2000-01-01' },
    { status: 'complete_impunity', scheme: 'cpj' },
    { cpjDisagreement: true },
    { includedBy: 'cpj', excludedBy: 'unesco' },
    { disagreement: 'any' },
    { personId: '00000000-0000-4000-8000-000000000000' },
    { country: 'SY', gender: 'male', role: 'journalist', context: 'conflict' },
  ];

  it('covers every filter GraphQL offers', async () => {
    const { __type } = await gql(`{ __type(name: "CaseFilter") { inputFields { name } } }`);
    const offered = __type.inputFields.map((f: { name: string }) => f.name).sort();
    const tested = [...new Set(FILTERS.flatMap((f) => Object.keys(f)))].sort();
    expect(tested).toEqual(offered);
  });

  it.each(FILTERS.map((f) => [JSON.stringify(f), f]))(
    'filters %s as REST does, page by page, with the same total',
    async (_, filter) => {
      const [viaGraphql, viaRest] = await Promise.all([
        graphqlIds(filter as Record<string, unknown>),
        restIds(filter as Record<string, unknown>),
      ]);
      expect(viaGraphql).toEqual(viaRest);
      expect(viaGraphql.ids).toHaveLength(viaGraphql.total!);
      expect(new Set(viaGraphql.ids).size).toBe(viaGraphql.ids.length);
    },
  );

  it('narrows: a filter that matches some cases matches what the data says', async () => {
    expect((await graphqlIds({ country: 'PH' })).total).toBe(11);
    expect((await graphqlIds({ context: 'conflict' })).total).toBe(33);
    expect((await graphqlIds({ q: 'Recurring' })).total).toBe(6);
    expect((await graphqlIds({ monitor: 'cpj', externalId: 'sample-2-4' })).total).toBe(1);
    expect((await graphqlIds({ status: 'ongoing' })).total).toBeGreaterThan(0);
    expect((await graphqlIds({ status: 'ongoing', asOf: '2017-12-31' })).total).toBe(0);
  });

  it('refuses a bad filter as REST does', async () => {
    const res = await t.graphql(CASE_PAGE, { filter: { country: 'XX' } });
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      statusCode: 400,
      details: [expect.objectContaining({ field: 'country' })],
    });
    const rest = await t.http().get('/api/v1/cases').query({ country: 'XX' }).expect(400);
    expect(rest.body.details[0].field).toBe('country');
  });

  it('reads one case as REST does', async () => {
    const [id] = (await restIds({ monitor: 'cpj', country: 'ML' })).ids;
    const { body: rest } = await t.http().get(`/api/v1/cases/${id}`).expect(200);
    const { case: viaGraphql } = await gql(
      `query ($id: ID!) {
        case(id: $id) {
          id incidentId personId outcome localForeign dateOfDeath retractedAt retractionReason version
          createdAt updatedAt
          person { id fullName gender role }
          incident { id dateStart dateEnd datePrecision countryCode place context attackTypes perpetratorTypes description sourceLinks }
          classifications { monitor externalId url included motive typeOfDeath condemnation recordedDate }
          confidentialDetails { sourceContacts witnessDetails internalNote }
        }
      }`,
      { id },
    );
    const { countryName, ...incident } = rest.incident;
    expect(countryName).toBe('Mali');
    // Statuses and proceedings, which REST adds for a case page, are fields with arguments here.
    const { statuses, proceedings, ...registry } = rest;
    expect(statuses).toHaveLength(2);
    expect(proceedings).toEqual([]);
    expect(viaGraphql).toEqual({ ...registry, incident });
  });

  it('reads an incident with its cases, their people and classifications, and its country', async () => {
    const id = incidentIds[0];
    const { body: rest } = await t.http().get(`/api/v1/incidents/${id}`).expect(200);
    const { incident } = await gql(
      `query ($id: ID!) {
        incident(id: $id) {
          id dateStart countryCode attackTypes perpetratorTypes
          country { name }
          cases { id person { fullName } classifications { monitor } }
        }
      }`,
      { id },
    );
    expect(incident).toMatchObject({
      id,
      dateStart: rest.dateStart,
      countryCode: 'PH',
      attackTypes: rest.attackTypes,
      perpetratorTypes: rest.perpetratorTypes,
      country: { name: rest.countryName },
    });
    const names = (cases: { person: { fullName: string } }[]) =>
      cases.map((c) => c.person.fullName).sort();
    expect(names(incident.cases)).toEqual(
      rest.victims.map((v: { fullName: string }) => v.fullName).sort(),
    );
    for (const c of incident.cases) {
      const { body } = await t.http().get(`/api/v1/cases/${c.id}`).expect(200);
      expect(c.classifications).toEqual(
        body.classifications.map((k: { monitor: string }) => ({ monitor: k.monitor })),
      );
    }
  });

  it('reads a person with every case about them', async () => {
    const { person } = await gql(
      `query ($id: ID!) { person(id: $id) { fullName nationalities cases { id incidentId } } }`,
      { id: recurring[1] },
    );
    expect(person.fullName).toBe('Recurring Reporter 1');
    expect(person.nationalities).toEqual(['PH', 'FR']);
    const rest = await restIds({ q: 'Recurring Reporter 1', includeRetracted: true });
    expect(person.cases.map((c: { id: string }) => c.id).sort()).toEqual(
      rest.ids.filter((id) => person.cases.some((c: { id: string }) => c.id === id)).sort(),
    );
    expect(person.cases.map((c: { incidentId: string }) => c.incidentId).sort()).toEqual(
      [incidentIds[1], incidentIds[4]].sort(),
    );
  });

  describe('statements per request', () => {
    let counts: Record<number, number>;

    beforeAll(async () => {
      counts = {};
      for (const first of [1, 50]) {
        let data: { cases: { data: unknown[] } } | undefined;
        const statements = await statementsDuring(t.dataSource, async () => {
          data = await gql(NESTED_PAGE, { first });
        });
        expect(data!.cases.data).toHaveLength(first);
        counts[first] = statements.length;
      }
    });

    // Nine today, whatever the page size: the page and its classifications, then one batch each
    // for people, incidents, countries, the people's cases and the incidents' cases (each with
    // their classifications).
    it('is the same for a page of 1 case and a page of 50, and small', () => {
      expect(counts[50]).toBe(counts[1]);
      expect(counts[1]).toBeLessThanOrEqual(10);
    });

    it('resolves every nested field of the page', async () => {
      const { cases } = await gql(NESTED_PAGE, { first: 50 });
      for (const c of cases.data) {
        expect(c.person.fullName).toBeTruthy();
        expect(c.person.cases.map((k: { id: string }) => k.id)).toContain(c.id);
        expect(c.incident.country.name).toBeTruthy();
        expect(c.incident.cases.length).toBe(11);
      }
      const recurringCases = cases.data.filter((c: { person: { fullName: string } }) =>
        c.person.fullName.startsWith('Recurring'),
      );
      for (const c of recurringCases) expect(c.person.cases).toHaveLength(2);
    });
  });

  describe('a page read with what it asks in its own statement', () => {
    // Every field the page's statement can read, and some it cannot (regions, an asOf status,
    // the entry behind a status, confidential details), which stay with their loaders.
    const CASE_FIELDS = `
      id incidentId personId outcome localForeign dateOfDeath retractedAt retractionReason version createdAt updatedAt
      person { id fullName gender role transliteratedName nationalities employment mediaTypes outlets beats version createdAt updatedAt }
      incident {
        id dateStart dateEnd datePrecision countryCode place context attackTypes perpetratorTypes description sourceLinks version createdAt updatedAt
        country { code alpha3 numericCode name worldBankCode status validFrom validTo REGIONS }
        cases {
          id outcome retractedAt createdAt
          person { id fullName nationalities cases { id } }
          classifications { monitor url included }
          unesco: status { status asOf knownAsOf entry { id status } }
          cpj: status(scheme: cpj) { status }
          confidentialDetails { internalNote }
        }
      }
      classifications { monitor externalId url included motive typeOfDeath condemnation recordedDate }
      unesco: status { status asOf knownAsOf scheme entry { id status effectiveDate } }
      cpj: status(scheme: cpj) { status }
      before: status(asOf: "2018-06-01") { status }
      confidentialDetails { sourceContacts witnessDetails internalNote }`;

    /** Each case of every page, beside the same case asked on its own (through the loaders). */
    const pagesAndCases = async (fields: string, key?: string) => {
      const pairs: [unknown, unknown][] = [];
      let after: string | null = null;
      do {
        const { body } = await t.graphql(
          `query ($after: String) {
            cases(filter: { includeRetracted: true }, first: 20, after: $after) {
              data { ${fields} } pageInfo { nextCursor }
            }
          }`,
          { after },
          key,
        );
        expect(body.errors).toBeUndefined();
        for (const item of body.data.cases.data) {
          const one = await t.graphql(
            `query ($id: ID!) { case(id: $id) { ${fields} } }`,
            { id: (item as { id: string }).id },
            key,
          );
          expect(one.body.errors).toBeUndefined();
          pairs.push([item, one.body.data.case]);
        }
        after = body.data.cases.pageInfo.nextCursor;
      } while (after);
      return pairs;
    };

    for (const [who, key] of [
      ['the public', undefined],
      ['a reader of confidential entries', ADMIN_KEY],
    ] as const) {
      for (const regions of ['', 'regions { code scheme }']) {
        it(`answers ${who} what each case answers on its own${regions ? ' (country regions asked)' : ''}`, async () => {
          const pairs = await pagesAndCases(CASE_FIELDS.replace('REGIONS', regions), key);
          expect(pairs).toHaveLength(66);
          for (const [inPage, alone] of pairs) expect(inPage).toEqual(alone);
        });
      }
    }

    it('costs one statement for a page of cases with their people, incidents, countries and statuses', async () => {
      const statements = await statementsDuring(t.dataSource, () =>
        gql(
          `{ cases(first: 50) { data {
            id person { fullName } incident { place country { name } cases { id person { fullName } } }
            classifications { monitor } status { status } cpj: status(scheme: cpj) { status }
          } } }`,
        ),
      );
      expect(statements).toHaveLength(1);
    });
  });

  describe('mutations, seen through REST', () => {
    it('updates a case', async () => {
      const [id] = (await restIds({ country: 'SY', outcome: 'killed' })).ids;
      const { updateCase } = await admin(
        `mutation ($id: ID!, $v: Int!, $input: CaseUpdateInput!) {
          updateCase(id: $id, expectedVersion: $v, input: $input) { id outcome localForeign dateOfDeath version }
        }`,
        {
          id,
          v: await versionOf(t, 'case', id),
          input: { dateOfDeath: '2012-02-23', localForeign: 'foreign' },
        },
      );
      const { body } = await t.http().get(`/api/v1/cases/${id}`).expect(200);
      expect(updateCase).toEqual({
        id,
        outcome: 'killed',
        localForeign: 'foreign',
        dateOfDeath: '2012-02-23',
        version: body.version,
      });
      expect(body).toMatchObject({
        localForeign: 'foreign',
        dateOfDeath: '2012-02-23',
        version: 2,
      });
    });

    it('updates an incident, replacing its attack types', async () => {
      const id = incidentIds[3];
      await admin(
        `mutation ($id: ID!, $v: Int!, $input: IncidentUpdateInput!) { updateIncident(id: $id, expectedVersion: $v, input: $input) { id } }`,
        {
          id,
          v: await versionOf(t, 'incident', id),
          input: { place: 'Baba Amr, Homs', attackTypes: ['crossfire_combat', 'murder'] },
        },
      );
      const { body } = await t.http().get(`/api/v1/incidents/${id}`).expect(200);
      expect(body).toMatchObject({
        place: 'Baba Amr, Homs',
        attackTypes: ['crossfire_combat', 'murder'],
        version: 2,
      });
    });

    it('updates a person', async () => {
      await admin(
        `mutation ($id: ID!, $v: Int!, $input: PersonUpdateInput!) { updatePerson(id: $id, expectedVersion: $v, input: $input) { id } }`,
        {
          id: recurring[2],
          v: await versionOf(t, 'person', recurring[2]),
          input: { outlets: ['Sample Weekly'], employment: 'freelance' },
        },
      );
      const { body } = await t.http().get(`/api/v1/people/${recurring[2]}`).expect(200);
      expect(body).toMatchObject({ outlets: ['Sample Weekly'], employment: 'freelance' });
    });

    it('sets and removes a monitor classification', async () => {
      const [id] = (await restIds({ country: 'PK', monitor: 'unesco' })).ids;
      const { setCaseClassification } = await admin(
        `mutation ($caseId: ID!, $v: Int!, $input: ClassificationInput!) {
          setCaseClassification(caseId: $caseId, expectedVersion: $v, input: $input) { classifications { monitor externalId } }
        }`,
        {
          caseId: id,
          v: await versionOf(t, 'case', id),
          input: { monitor: 'rsf', externalId: 'rsf-sample-1' },
        },
      );
      expect(setCaseClassification.classifications).toEqual([
        { monitor: 'rsf', externalId: 'rsf-sample-1' },
        { monitor: 'unesco', externalId: null },
      ]);
      expect((await restIds({ monitor: 'rsf' })).ids).toEqual([id]);
      await admin(
        `mutation ($caseId: ID!, $v: Int!) { removeCaseClassification(caseId: $caseId, expectedVersion: $v, monitor: rsf) { id } }`,
        { caseId: id, v: await versionOf(t, 'case', id) },
      );
      expect((await restIds({ monitor: 'rsf' })).ids).toEqual([]);
    });

    it('adds a case to an incident and retracts it, leaving it in its history', async () => {
      const { createCase } = await admin(
        `mutation ($input: CaseInput!) { createCase(input: $input) { id incidentId outcome } }`,
        {
          input: {
            incidentId: incidentIds[2],
            personId: recurring[0],
            outcome: 'threatened',
          },
        },
      );
      expect(createCase).toMatchObject({ incidentId: incidentIds[2], outcome: 'threatened' });
      await t.http().get(`/api/v1/cases/${createCase.id}`).expect(200);
      await admin(
        `mutation ($id: ID!, $v: Int!) { retractCase(id: $id, expectedVersion: $v, reason: "Not a case after all") { id } }`,
        { id: createCase.id, v: await versionOf(t, 'case', createCase.id) },
      );
      const { caseHistory } = await gql(
        `query ($id: ID!) { caseHistory(id: $id) { action note } }`,
        { id: createCase.id },
      );
      expect(caseHistory).toEqual([
        { action: 'create', note: null },
        { action: 'retract', note: 'Not a case after all' },
      ]);
      const { body } = await t.http().get(`/api/v1/cases/${retracted}`).expect(200);
      expect(body.retractionReason).toBe('Recorded twice');
    });

    it('deletes a person and an incident that have no case', async () => {
      const { createPerson } = await admin(
        `mutation { createPerson(input: { fullName: "Short-lived Record" }) { id } }`,
      );
      expect(
        await admin(`mutation ($id: ID!) { deletePerson(id: $id, expectedVersion: 1) }`, {
          id: createPerson.id,
        }),
      ).toEqual({ deletePerson: true });
      await t.http().get(`/api/v1/people/${createPerson.id}`).expect(404);
      const { createIncident } = await admin(
        `mutation { createIncident(input: { datePrecision: year, dateStart: "2020-01-01", countryCode: "BR", attackTypes: ["threat"] }) { id } }`,
      );
      expect(
        await admin(`mutation ($id: ID!) { deleteIncident(id: $id, expectedVersion: 1) }`, {
          id: createIncident.id,
        }),
      ).toEqual({ deleteIncident: true });
      await t.http().get(`/api/v1/incidents/${createIncident.id}`).expect(404);
    });

    it('keeps mutations closed without the admin key', async () => {
      const res = await t.graphql(
        `mutation { createPerson(input: { fullName: "Anonymous Attempt" }) { id } }`,
      );
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        statusCode: 401,
      });
    });
  });
});
