import type request from 'supertest';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { tableSnapshot } from './table-snapshot.js';
import { ifMatch, versionOf } from './versions.js';

/**
 * Every write endpoint, REST and GraphQL, refuses bad input with a 400 that names the exact field,
 * never a 500, and leaves every row of the registry as it was.
 */

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const KINDS = { people: 'person', incidents: 'incident', cases: 'case' } as const;
const daysFromToday = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const FUTURE = daysFromToday(2);
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
/** Upper-case ISO codes that all exist, for lists that are too long rather than wrong. */
const COUNTRY_CODES = ['PH', 'FR', 'ML', 'MX', 'BR', 'IN', 'PK', 'SY', 'IQ', 'SO', 'AF', 'UA'];

const person = (fields: Record<string, unknown> = {}) => ({
  fullName: 'Fixture Person',
  gender: 'female',
  nationalities: ['PH'],
  role: 'journalist',
  employment: 'staff',
  mediaTypes: ['radio'],
  outlets: ['Fixture Radio'],
  beats: ['politics'],
  ...fields,
});
const victim = (fields: Record<string, unknown> = {}) => ({
  person: person(),
  outcome: 'killed',
  localForeign: 'local',
  ...fields,
});
const incident = (fields: Record<string, unknown> = {}) => ({
  dateStart: '2010-03-15',
  datePrecision: 'day',
  countryCode: 'PH',
  place: 'Fixture town',
  context: 'non_conflict',
  attackTypes: ['murder'],
  perpetratorTypes: ['private_individual'],
  description: 'Fixture incident',
  sourceLinks: ['https://example.org/fixture'],
  ...fields,
});

interface Fixtures {
  /** A person who is the subject of no case. */
  loner: string;
  /** An incident of 2009-11-23 with two cases; the first has a cpj classification `taken-id`. */
  incident: string;
  /** An incident with no case. */
  empty: string;
  firstCase: string;
  firstPerson: string;
  /** A case whose victim died on 2009-11-25, two days after the attack. */
  laterDeath: string;
  retracted: string;
}

describe('case registry validation', () => {
  let t: TestApp;
  let f: Fixtures;

  const snapshot = () => tableSnapshot(t.dataSource);

  beforeAll(async () => {
    t = await createTestApp();
    const post = async (path: string, body: object) =>
      (await t.http().post(path).set(auth).send(body).expect(201)).body;
    const loner = await post('/api/v1/people', person({ fullName: 'Loner Fixture' }));
    const main = await post(
      '/api/v1/incidents',
      incident({
        dateStart: '2009-11-23',
        victims: [
          victim({
            person: person({ fullName: 'Alpha Fixture' }),
            classifications: [{ monitor: 'cpj', externalId: 'taken-id' }],
          }),
          victim({ person: person({ fullName: 'Beta Fixture' }), dateOfDeath: '2009-11-25' }),
          victim({ person: person({ fullName: 'Gamma Fixture' }) }),
        ],
      }),
    );
    const empty = await post('/api/v1/incidents', incident({ place: 'Empty incident' }));
    const caseOf = (name: string) =>
      main.victims.find((v: { fullName: string }) => v.fullName === name);
    const retracted = caseOf('Gamma Fixture').caseId;
    await t
      .http()
      .delete(`/api/v1/cases/${retracted}`)
      .query({ reason: 'Fixture retraction' })
      .set(auth)
      .set(await ifMatch(t, 'case', retracted))
      .expect(200);
    f = {
      loner: loner.id,
      incident: main.id,
      empty: empty.id,
      firstCase: caseOf('Alpha Fixture').caseId,
      firstPerson: caseOf('Alpha Fixture').personId,
      laterDeath: caseOf('Beta Fixture').caseId,
      retracted,
    };
  });
  afterAll(() => t.close());

  const distinctFields = (details: { field: string }[] | undefined) =>
    [...new Set((details ?? []).map((d) => d.field))].sort();

  /** The answer is the expected error, naming exactly these fields, and nothing was written. */
  async function expectRefused(
    send: () => PromiseLike<request.Response>,
    fields: string[],
    status = 400,
  ): Promise<void> {
    const before = await snapshot();
    const res = await send();
    expect({
      status: res.status,
      fields: distinctFields(res.body.details),
      body: res.body,
    }).toEqual({
      status,
      fields: [...fields].sort(),
      body: expect.objectContaining({ statusCode: status }),
    });
    expect(await snapshot()).toEqual(before);
  }

  async function expectGraphqlRefused(
    send: () => PromiseLike<request.Response>,
    fields: string[],
    code = 'BAD_USER_INPUT',
    status = 400,
  ): Promise<void> {
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBeLessThan(500);
    const [error] = res.body.errors ?? [];
    expect({
      code: error?.extensions?.code,
      statusCode: error?.extensions?.statusCode,
      fields: distinctFields(error?.extensions?.details),
      body: res.body,
    }).toEqual({ code, statusCode: status, fields: [...fields].sort(), body: expect.anything() });
    expect(res.body.errors).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  }

  /**
   * Each row: a name, a change to a valid input, the fields the error must name, and where GraphQL
   * differs, the fields it names (its paths reach into lists) or null when GraphQL's own input
   * coercion makes the value valid (a single value where a list is expected is a list of one).
   */
  type Row = [string, Record<string, unknown>, string[], (string[] | null)?];
  const forGraphql = (rows: Row[]): Row[] =>
    rows.flatMap(([name, change, fields, graphql]) =>
      graphql === null ? [] : [[name, change, graphql ?? fields] as Row],
    );

  const personRows = (): Row[] => [
    ['fullName of the wrong type', { fullName: 123 }, ['fullName']],
    ['fullName empty', { fullName: '' }, ['fullName']],
    ['fullName only blanks', { fullName: '   ' }, ['fullName']],
    ['fullName too long', { fullName: 'x'.repeat(301) }, ['fullName']],
    ['fullName with a NUL character', { fullName: 'Nul\u0000Name' }, ['fullName']],
    ['transliteratedName empty', { transliteratedName: '' }, ['transliteratedName']],
    ['gender unknown value', { gender: 'robot' }, ['gender']],
    ['gender of the wrong type', { gender: 1 }, ['gender']],
    ['nationalities not a list', { nationalities: 'PH' }, ['nationalities'], null],
    ['nationalities lower case', { nationalities: ['ph'] }, ['nationalities']],
    ['nationalities unknown code', { nationalities: ['PH', 'XX'] }, ['nationalities[1]']],
    ['nationalities repeated', { nationalities: ['PH', 'PH'] }, ['nationalities']],
    ['nationalities too many', { nationalities: COUNTRY_CODES.slice(0, 11) }, ['nationalities']],
    ['role unknown value', { role: 'editor' }, ['role']],
    ['employment unknown value', { employment: 'contract' }, ['employment']],
    [
      'mediaTypes unknown value',
      { mediaTypes: ['radio', 'tv'] },
      ['mediaTypes'],
      ['mediaTypes[1]'],
    ],
    ['mediaTypes not a list', { mediaTypes: 'radio' }, ['mediaTypes'], null],
    ['outlets too many', { outlets: many(51, (i) => `Outlet ${i}`) }, ['outlets']],
    ['outlets entry too long', { outlets: ['x'.repeat(201)] }, ['outlets']],
    ['outlets entry of the wrong type', { outlets: [1] }, ['outlets'], ['outlets[0]']],
    ['beats empty entry', { beats: [''] }, ['beats']],
    ['unknown field', { nickname: 'Fixy' }, ['nickname']],
  ];

  const incidentRows = (): Row[] => [
    ['datePrecision unknown value', { datePrecision: 'week' }, ['datePrecision']],
    ['dateStart impossible', { dateStart: '2023-02-30' }, ['dateStart']],
    ['dateStart 29 February of a common year', { dateStart: '2023-02-29' }, ['dateStart']],
    ['dateStart in another format', { dateStart: '15/03/2010' }, ['dateStart']],
    ['dateStart of the wrong type', { dateStart: 20100315 }, ['dateStart']],
    ['dateStart with a time', { dateStart: '2010-03-15T10:00:00Z' }, ['dateStart']],
    ['dateStart in year 0', { dateStart: '0000-01-01' }, ['dateStart']],
    ['dateStart in the future', { dateStart: FUTURE }, ['dateStart']],
    ['dateEnd before dateStart', { dateEnd: '2010-03-14' }, ['dateEnd']],
    ['dateEnd in the future', { dateEnd: FUTURE }, ['dateEnd']],
    ['month precision on the 15th', { datePrecision: 'month' }, ['dateStart']],
    [
      'year precision on another day than 1 January',
      { datePrecision: 'year', dateStart: '2010-03-01' },
      ['dateStart'],
    ],
    ['unknown precision with a date', { datePrecision: 'unknown' }, ['dateStart']],
    ['day precision without a date', { dateStart: null }, ['dateStart']],
    ['countryCode unknown', { countryCode: 'XX' }, ['countryCode']],
    ['countryCode lower case', { countryCode: 'ph' }, ['countryCode']],
    ['country that did not exist then', { countryCode: 'SS' }, ['countryCode']],
    ['attackTypes empty', { attackTypes: [] }, ['attackTypes']],
    ['attackTypes unknown code', { attackTypes: ['murder', 'poisoning'] }, ['attackTypes[1]']],
    ['attackTypes malformed code', { attackTypes: ['Murder!'] }, ['attackTypes']],
    [
      'attackTypes too many',
      { attackTypes: many(11, (i) => `code_${'x'.repeat(i)}`) },
      ['attackTypes'],
    ],
    ['perpetratorTypes unknown code', { perpetratorTypes: ['aliens'] }, ['perpetratorTypes[0]']],
    ['context unknown value', { context: 'war' }, ['context']],
    ['place too long', { place: 'x'.repeat(301) }, ['place']],
    ['description too long', { description: 'x'.repeat(20_001) }, ['description']],
    ['sourceLinks not URLs', { sourceLinks: ['not a url'] }, ['sourceLinks']],
    [
      'sourceLinks with another protocol',
      { sourceLinks: ['ftp://example.org/x'] },
      ['sourceLinks'],
    ],
    [
      'sourceLinks too many',
      { sourceLinks: many(51, (i) => `https://example.org/${i}`) },
      ['sourceLinks'],
    ],
    ['unknown field', { severity: 'high' }, ['severity']],
  ];

  /** Victim problems, for the victim at index `i` of an incident (or, with i = -1, for POST /cases). */
  const victimRows = (at: (field: string) => string): Row[] => [
    ['personId and person both', { personId: '$loner' }, [at('person')]],
    ['neither personId nor person', { person: undefined }, [at('person')]],
    ['personId malformed', { person: undefined, personId: 'abc' }, [at('personId')]],
    ['personId unknown', { person: undefined, personId: UNKNOWN_ID }, [at('personId')]],
    ['outcome unknown value', { outcome: 'dead' }, [at('outcome')]],
    ['outcome missing', { outcome: undefined }, [at('outcome')]],
    ['localForeign unknown value', { localForeign: 'abroad' }, [at('localForeign')]],
    ['date of death before the incident', { dateOfDeath: '2009-11-22' }, [at('dateOfDeath')]],
    ['date of death in the future', { dateOfDeath: FUTURE }, [at('dateOfDeath')]],
    ['date of death impossible', { dateOfDeath: '2023-02-30' }, [at('dateOfDeath')]],
    [
      'date of death of a person not killed',
      { outcome: 'injured', dateOfDeath: '2009-11-24' },
      [at('dateOfDeath')],
    ],
    [
      'a monitor twice',
      { classifications: [{ monitor: 'cpj' }, { monitor: 'cpj' }] },
      [at('classifications[1].monitor')],
    ],
    [
      'unknown monitor',
      { classifications: [{ monitor: 'bbc' }] },
      [at('classifications[0].monitor')],
    ],
    [
      'a monitor external id already used',
      { classifications: [{ monitor: 'unesco' }, { monitor: 'cpj', externalId: 'taken-id' }] },
      [at('classifications[1].externalId')],
    ],
    [
      'too many classifications',
      { classifications: many(8, () => ({ monitor: 'other' })) },
      [at('classifications')],
    ],
    [
      'classification url malformed',
      { classifications: [{ monitor: 'cpj', url: 'not a url' }] },
      [at('classifications[0].url')],
    ],
    [
      'classification recorded in the future',
      { classifications: [{ monitor: 'cpj', recordedDate: FUTURE }] },
      [at('classifications[0].recordedDate')],
    ],
    [
      'classification included of the wrong type',
      { classifications: [{ monitor: 'cpj', included: 'yes' }] },
      [at('classifications[0].included')],
    ],
    [
      'person with an unknown nationality',
      { person: person({ nationalities: ['PH', 'XX'] }) },
      [at('person.nationalities[1]')],
    ],
    ['person with a blank name', { person: person({ fullName: ' ' }) }, [at('person.fullName')]],
    ['person with an unknown field', { person: person({ age: 40 }) }, [at('person.age')]],
    ['unknown field', { witness: 'secret' }, [at('witness')]],
  ];

  /** Replaces `$name` placeholders by fixture ids and drops fields set to undefined. */
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('$'))
      return f[value.slice(1) as keyof Fixtures];
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, resolve(v)]),
      );
    return value;
  };
  const withPerson = (change: Record<string, unknown>) => resolve(person(change));
  const withIncident = (change: Record<string, unknown>) => resolve(incident(change));
  /** An incident of three valid victims but for the one at `index`. */
  const withVictims = (index: number, change: Record<string, unknown>) =>
    resolve(
      incident({
        dateStart: '2009-11-23',
        victims: many(3, (i) =>
          victim({
            person: person({ fullName: `New Victim ${i}` }),
            ...(i === index ? change : {}),
          }),
        ),
      }),
    );
  const withCase = (change: Record<string, unknown>) =>
    resolve({
      incidentId: '$incident',
      ...victim({ person: person({ fullName: 'New Case' }) }),
      ...change,
    });

  describe('REST', () => {
    /** Updates say which version they change (If-Match), as a client would after a GET. */
    const send = async (
      method: 'post' | 'patch' | 'put' | 'delete',
      path: string,
      body?: unknown,
    ) => {
      const req = t.http()[method](path).set(auth);
      const target = /^\/api\/v1\/(people|incidents|cases)\/([^/?]+)/.exec(path);
      if (method !== 'post' && target)
        req.set(await ifMatch(t, KINDS[target[1] as keyof typeof KINDS], target[2]));
      return body === undefined ? req : req.send(body as object);
    };

    describe('POST /people', () => {
      it.each(personRows())('%s', async (_, change, fields) => {
        await expectRefused(() => send('post', '/api/v1/people', withPerson(change)), fields);
      });
      it('fullName missing', async () => {
        await expectRefused(
          () => send('post', '/api/v1/people', withPerson({ fullName: undefined })),
          ['fullName'],
        );
      });
      it('a list instead of an object', async () => {
        const baseline = await snapshot();
        const res = await send('post', '/api/v1/people', [withPerson({})]);
        expect(res.status).toBe(400);
        expect(await snapshot()).toEqual(baseline);
      });
      it('malformed JSON', async () => {
        const baseline = await snapshot();
        const res = await t
          .http()
          .post('/api/v1/people')
          .set(auth)
          .set('content-type', 'application/json')
          .send('{"fullName": ');
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, details: [] });
        expect(await snapshot()).toEqual(baseline);
      });
    });

    describe('PATCH /people/:id', () => {
      it.each(personRows())('%s', async (_, change, fields) => {
        await expectRefused(
          () => send('patch', `/api/v1/people/${f.loner}`, resolve(change)),
          fields,
        );
      });
      it.each([
        ['fullName', { fullName: null }],
        ['gender', { gender: null }],
        ['nationalities', { nationalities: null }],
        ['role', { role: null }],
      ])('%s set to null', async (field, change) => {
        await expectRefused(() => send('patch', `/api/v1/people/${f.loner}`, change), [field]);
      });
      it.each([['version'], ['id'], ['createdAt']])('read-only field %s', async (field) => {
        await expectRefused(
          () => send('patch', `/api/v1/people/${f.loner}`, { [field]: 2 }),
          [field],
        );
      });
      it('malformed id', async () => {
        await expectRefused(() => send('patch', '/api/v1/people/abc', { gender: 'male' }), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(
          () => send('patch', `/api/v1/people/${UNKNOWN_ID}`, { gender: 'male' }),
          ['id'],
          404,
        );
      });
    });

    describe('DELETE /people/:id', () => {
      it('malformed id', async () => {
        await expectRefused(() => send('delete', '/api/v1/people/123'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => send('delete', `/api/v1/people/${UNKNOWN_ID}`), ['id'], 404);
      });
      it('a person with cases', async () => {
        await expectRefused(() => send('delete', `/api/v1/people/${f.firstPerson}`), [], 409);
      });
    });

    describe('POST /incidents', () => {
      it.each(incidentRows())('%s', async (_, change, fields) => {
        await expectRefused(() => send('post', '/api/v1/incidents', withIncident(change)), fields);
      });
      it.each([['datePrecision'], ['countryCode'], ['attackTypes']])(
        '%s missing',
        async (field) => {
          await expectRefused(
            () => send('post', '/api/v1/incidents', withIncident({ [field]: undefined })),
            [field],
          );
        },
      );
      it.each(victimRows((field) => `victims[1].${field}`))(
        'victim: %s',
        async (_, change, fields) => {
          await expectRefused(
            () => send('post', '/api/v1/incidents', withVictims(1, change)),
            fields,
          );
        },
      );
      it('victims not a list', async () => {
        await expectRefused(
          () => send('post', '/api/v1/incidents', withIncident({ victims: victim() })),
          ['victims'],
        );
      });
      it('victims with a null entry', async () => {
        await expectRefused(
          () => send('post', '/api/v1/incidents', withIncident({ victims: [victim(), null] })),
          ['victims[1]'],
        );
      });
      it('too many victims', async () => {
        await expectRefused(
          () =>
            send(
              'post',
              '/api/v1/incidents',
              withIncident({
                victims: many(201, (i) => victim({ person: person({ fullName: `V${i}` }) })),
              }),
            ),
          ['victims'],
        );
      });
      it('the same person twice', async () => {
        const body = withVictims(-1, {}) as { victims: object[] };
        body.victims = [
          { personId: f.loner, outcome: 'killed' },
          { personId: f.loner, outcome: 'injured' },
        ];
        await expectRefused(() => send('post', '/api/v1/incidents', body), ['victims[1].personId']);
      });
      it('one external id given to two victims', async () => {
        const classified = { classifications: [{ monitor: 'rsf', externalId: 'dup-id' }] };
        const body = withVictims(0, classified) as { victims: object[] };
        body.victims[2] = { ...body.victims[2], ...classified };
        await expectRefused(
          () => send('post', '/api/v1/incidents', body),
          ['victims[2].classifications[0].externalId'],
        );
      });
      it('the nested bad field deep in victims[1].person.nationalities[0]', async () => {
        await expectRefused(
          () =>
            send(
              'post',
              '/api/v1/incidents',
              withVictims(1, { person: person({ nationalities: ['QQ'] }) }),
            ),
          ['victims[1].person.nationalities[0]'],
        );
      });
      it('writes nothing when only the last of many victims is invalid', async () => {
        await expectRefused(
          () => send('post', '/api/v1/incidents', withVictims(2, { outcome: 'vanished' })),
          ['victims[2].outcome'],
        );
        await expectRefused(
          () =>
            send(
              'post',
              '/api/v1/incidents',
              withVictims(2, { person: person({ fullName: '\t \n' }) }),
            ),
          ['victims[2].person.fullName'],
        );
        await expectRefused(
          () => send('post', '/api/v1/incidents', withVictims(2, { dateOfDeath: '2009-01-01' })),
          ['victims[2].dateOfDeath'],
        );
      });
      it('names every bad field at once', async () => {
        await expectRefused(
          () =>
            send(
              'post',
              '/api/v1/incidents',
              withIncident({
                countryCode: 'XX',
                attackTypes: ['poisoning'],
                dateEnd: '2010-01-01',
              }),
            ),
          ['countryCode', 'attackTypes[0]', 'dateEnd'],
        );
      });
    });

    describe('PATCH /incidents/:id', () => {
      const patch = (body: unknown, id = f.incident) =>
        send('patch', `/api/v1/incidents/${id}`, body);
      it.each<Row>([
        ['dateStart impossible', { dateStart: '2023-02-30' }, ['dateStart']],
        ['dateStart in the future', { dateStart: FUTURE }, ['dateStart']],
        ['dateStart after a victim’s death', { dateStart: '2009-11-26' }, ['dateStart']],
        ['dateEnd before the existing dateStart', { dateEnd: '2009-11-22' }, ['dateEnd']],
        ['dateEnd in the future', { dateEnd: FUTURE }, ['dateEnd']],
        ['month precision on the 23rd', { datePrecision: 'month' }, ['dateStart']],
        ['unknown precision keeping the date', { datePrecision: 'unknown' }, ['dateStart']],
        ['removing the date of a dated incident', { dateStart: null }, ['dateStart']],
        ['datePrecision unknown value', { datePrecision: 'week' }, ['datePrecision']],
        ['countryCode unknown', { countryCode: 'XX' }, ['countryCode']],
        ['country that did not exist then', { countryCode: 'SS' }, ['countryCode']],
        ['attackTypes empty', { attackTypes: [] }, ['attackTypes']],
        ['attackTypes unknown code', { attackTypes: ['poisoning'] }, ['attackTypes[0]']],
        [
          'perpetratorTypes unknown code',
          { perpetratorTypes: ['aliens'] },
          ['perpetratorTypes[0]'],
        ],
        ['place too long', { place: 'x'.repeat(301) }, ['place']],
        ['sourceLinks not URLs', { sourceLinks: ['nope'] }, ['sourceLinks']],
        ['datePrecision null', { datePrecision: null }, ['datePrecision']],
        ['countryCode null', { countryCode: null }, ['countryCode']],
        ['attackTypes null', { attackTypes: null }, ['attackTypes']],
        ['perpetratorTypes null', { perpetratorTypes: null }, ['perpetratorTypes']],
        ['sourceLinks null', { sourceLinks: null }, ['sourceLinks']],
        ['victims, which only creation takes', { victims: [victim()] }, ['victims']],
        ['unknown field', { severity: 'high' }, ['severity']],
      ])('%s', async (_, change, fields) => {
        await expectRefused(() => patch(change), fields);
      });
      it('malformed id', async () => {
        await expectRefused(() => patch({ place: 'x' }, 'not-a-uuid'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => patch({ place: 'x' }, UNKNOWN_ID), ['id'], 404);
      });
    });

    describe('DELETE /incidents/:id', () => {
      it('malformed id', async () => {
        await expectRefused(() => send('delete', '/api/v1/incidents/1'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => send('delete', `/api/v1/incidents/${UNKNOWN_ID}`), ['id'], 404);
      });
      it('an incident with cases', async () => {
        await expectRefused(() => send('delete', `/api/v1/incidents/${f.incident}`), [], 409);
      });
    });

    describe('POST /cases', () => {
      it.each(victimRows((field) => field))('%s', async (_, change, fields) => {
        await expectRefused(() => send('post', '/api/v1/cases', withCase(change)), fields);
      });
      it.each<Row>([
        ['incidentId missing', { incidentId: undefined }, ['incidentId']],
        ['incidentId malformed', { incidentId: 'incident-1' }, ['incidentId']],
        ['incidentId unknown', { incidentId: UNKNOWN_ID }, ['incidentId']],
        [
          'a person who already has a case in the incident',
          { person: undefined, personId: '$firstPerson' },
          ['personId'],
        ],
      ])('%s', async (_, change, fields) => {
        await expectRefused(() => send('post', '/api/v1/cases', withCase(change)), fields);
      });
    });

    describe('PATCH /cases/:id', () => {
      const patch = (body: unknown, id = f.firstCase) => send('patch', `/api/v1/cases/${id}`, body);
      it.each<Row>([
        ['outcome unknown value', { outcome: 'dead' }, ['outcome']],
        ['outcome null', { outcome: null }, ['outcome']],
        ['localForeign unknown value', { localForeign: 'abroad' }, ['localForeign']],
        ['localForeign null', { localForeign: null }, ['localForeign']],
        ['date of death before the incident', { dateOfDeath: '2009-11-22' }, ['dateOfDeath']],
        ['date of death impossible', { dateOfDeath: '2023-02-30' }, ['dateOfDeath']],
        ['date of death in the future', { dateOfDeath: FUTURE }, ['dateOfDeath']],
        ['incidentId, which cannot change', { incidentId: UNKNOWN_ID }, ['incidentId']],
        ['personId, which cannot change', { personId: UNKNOWN_ID }, ['personId']],
        [
          'classifications, which have their own endpoint',
          { classifications: [] },
          ['classifications'],
        ],
      ])('%s', async (_, change, fields) => {
        await expectRefused(() => patch(change), fields);
      });
      it('outcome other than killed for a victim with a date of death', async () => {
        await expectRefused(() => patch({ outcome: 'injured' }, f.laterDeath), ['dateOfDeath']);
      });
      it('malformed id', async () => {
        await expectRefused(() => patch({ outcome: 'killed' }, 'x'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => patch({ outcome: 'killed' }, UNKNOWN_ID), ['id'], 404);
      });
      it('a retracted case', async () => {
        await expectRefused(() => patch({ outcome: 'injured' }, f.retracted), [], 409);
      });
    });

    describe('DELETE /cases/:id (retraction)', () => {
      const retract = async (query: Record<string, unknown>, id = f.firstCase) =>
        t
          .http()
          .delete(`/api/v1/cases/${id}`)
          .query(query)
          .set(auth)
          .set(await ifMatch(t, 'case', id));
      it.each<[string, Record<string, unknown>, string[]]>([
        ['reason missing', {}, ['reason']],
        ['reason too short', { reason: 'ab' }, ['reason']],
        ['reason too long', { reason: 'x'.repeat(2001) }, ['reason']],
        ['reason given twice', { reason: ['first reason', 'second reason'] }, ['reason']],
        ['unknown parameter', { reason: 'A good reason', force: 'true' }, ['force']],
      ])('%s', async (_, query, fields) => {
        await expectRefused(() => retract(query), fields);
      });
      it('malformed id', async () => {
        await expectRefused(() => retract({ reason: 'A good reason' }, 'abc'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => retract({ reason: 'A good reason' }, UNKNOWN_ID), ['id'], 404);
      });
      it('already retracted', async () => {
        await expectRefused(() => retract({ reason: 'A good reason' }, f.retracted), [], 409);
      });
    });

    describe('PUT /cases/:id/classifications/:monitor', () => {
      const put = (body: unknown, monitor = 'rsf', id = f.firstCase) =>
        send('put', `/api/v1/cases/${id}/classifications/${monitor}`, body);
      it.each<Row>([
        ['external id of another case', { externalId: 'taken-id' }, ['externalId']],
        ['externalId empty', { externalId: '' }, ['externalId']],
        ['externalId too long', { externalId: 'x'.repeat(201) }, ['externalId']],
        ['url malformed', { url: 'example.org/case' }, ['url']],
        ['motive unknown value', { motive: 'maybe' }, ['motive']],
        ['condemnation unknown value', { condemnation: 'praised' }, ['condemnation']],
        ['recordedDate in the future', { recordedDate: FUTURE }, ['recordedDate']],
        ['recordedDate impossible', { recordedDate: '2023-02-30' }, ['recordedDate']],
        ['included of the wrong type', { included: 1 }, ['included']],
        ['typeOfDeath too long', { typeOfDeath: 'x'.repeat(101) }, ['typeOfDeath']],
        ['monitor in the body as well as the path', { monitor: 'cpj' }, ['monitor']],
        ['unknown field', { confidence: 'high' }, ['confidence']],
      ])('%s', async (_, change, fields) => {
        // The first case holds cpj's taken-id itself; another case may not take it.
        const [monitor, id] =
          change.externalId === 'taken-id' ? ['cpj', f.laterDeath] : ['rsf', f.firstCase];
        await expectRefused(() => put(change, monitor, id), fields);
      });
      it('unknown monitor', async () => {
        await expectRefused(() => put({}, 'bbc'), ['monitor']);
      });
      it('malformed id', async () => {
        await expectRefused(() => put({}, 'cpj', 'nope'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => put({}, 'cpj', UNKNOWN_ID), ['id'], 404);
      });
      it('a retracted case', async () => {
        await expectRefused(() => put({}, 'cpj', f.retracted), [], 409);
      });
    });

    describe('DELETE /cases/:id/classifications/:monitor', () => {
      const remove = (monitor: string, id = f.firstCase) =>
        send('delete', `/api/v1/cases/${id}/classifications/${monitor}`);
      it('unknown monitor', async () => {
        await expectRefused(() => remove('bbc'), ['monitor']);
      });
      it('malformed id', async () => {
        await expectRefused(() => remove('cpj', '42'), ['id']);
      });
      it('unknown id', async () => {
        await expectRefused(() => remove('cpj', UNKNOWN_ID), ['id'], 404);
      });
      it('a monitor that has not classified the case', async () => {
        await expectRefused(() => remove('unesco'), ['monitor'], 404);
      });
    });
  });

  describe('GraphQL', () => {
    /** Updates name the version they change (expectedVersion), as a client would after a read. */
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const resolved = resolve(variables) as Record<string, unknown>;
      const kind = /mutation[^{]*\{\s*\w+?(Person|Incident|Case)/.exec(query)?.[1];
      if (query.includes('$expectedVersion') && kind) {
        const id = String(resolved.id ?? resolved.caseId);
        resolved.expectedVersion = await versionOf(
          t,
          kind.toLowerCase() as 'person' | 'incident' | 'case',
          id,
        );
      }
      return t.graphql(query, resolved, ADMIN_KEY);
    };
    const CREATE_PERSON = `mutation ($input: PersonInput!) { createPerson(input: $input) { id } }`;
    const UPDATE_PERSON = `mutation ($id: ID!, $expectedVersion: Int!, $input: PersonUpdateInput!) { updatePerson(id: $id, expectedVersion: $expectedVersion, input: $input) { id } }`;
    const DELETE_PERSON = `mutation ($id: ID!, $expectedVersion: Int!) { deletePerson(id: $id, expectedVersion: $expectedVersion) }`;
    const CREATE_INCIDENT = `mutation ($input: IncidentInput!) { createIncident(input: $input) { id } }`;
    const UPDATE_INCIDENT = `mutation ($id: ID!, $expectedVersion: Int!, $input: IncidentUpdateInput!) { updateIncident(id: $id, expectedVersion: $expectedVersion, input: $input) { id } }`;
    const DELETE_INCIDENT = `mutation ($id: ID!, $expectedVersion: Int!) { deleteIncident(id: $id, expectedVersion: $expectedVersion) }`;
    const CREATE_CASE = `mutation ($input: CaseInput!) { createCase(input: $input) { id } }`;
    const UPDATE_CASE = `mutation ($id: ID!, $expectedVersion: Int!, $input: CaseUpdateInput!) { updateCase(id: $id, expectedVersion: $expectedVersion, input: $input) { id } }`;
    const RETRACT_CASE = `mutation ($id: ID!, $expectedVersion: Int!, $reason: String!) { retractCase(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id } }`;
    const SET_CLASSIFICATION = `mutation ($caseId: ID!, $expectedVersion: Int!, $input: ClassificationInput!) { setCaseClassification(caseId: $caseId, expectedVersion: $expectedVersion, input: $input) { id } }`;
    const REMOVE_CLASSIFICATION = `mutation ($caseId: ID!, $expectedVersion: Int!, $monitor: Monitor!) { removeCaseClassification(caseId: $caseId, expectedVersion: $expectedVersion, monitor: $monitor) { id } }`;

    describe('createPerson', () => {
      it.each(forGraphql(personRows()))('%s', async (_, change, fields) => {
        await expectGraphqlRefused(() => gql(CREATE_PERSON, { input: person(change) }), fields);
      });
      it('fullName missing', async () => {
        await expectGraphqlRefused(
          () => gql(CREATE_PERSON, { input: person({ fullName: undefined }) }),
          ['fullName'],
        );
      });
      it('input missing', async () => {
        await expectGraphqlRefused(() => gql(CREATE_PERSON, {}), ['input']);
      });
      it('an unknown field written in the query itself', async () => {
        await expectGraphqlRefused(
          () =>
            gql(
              `mutation { createPerson(input: { fullName: "Inline", nickname: "x" }) { id } }`,
              {},
            ),
          ['nickname'],
        );
      });
    });

    describe('updatePerson', () => {
      it.each(forGraphql(personRows()))('%s', async (_, change, fields) => {
        await expectGraphqlRefused(
          () => gql(UPDATE_PERSON, { id: '$loner', input: change }),
          fields,
        );
      });
      it.each([['fullName'], ['gender'], ['nationalities'], ['outlets']])(
        '%s set to null',
        async (field) => {
          await expectGraphqlRefused(
            () => gql(UPDATE_PERSON, { id: '$loner', input: { [field]: null } }),
            [field],
          );
        },
      );
      it('malformed id', async () => {
        await expectGraphqlRefused(
          () => gql(UPDATE_PERSON, { id: 'abc', input: { gender: 'male' } }),
          ['id'],
        );
      });
      it('unknown id', async () => {
        await expectGraphqlRefused(
          () => gql(UPDATE_PERSON, { id: UNKNOWN_ID, input: { gender: 'male' } }),
          ['id'],
          'NOT_FOUND',
          404,
        );
      });
    });

    describe('deletePerson', () => {
      it('malformed id', async () => {
        await expectGraphqlRefused(() => gql(DELETE_PERSON, { id: 'abc' }), ['id']);
      });
      it('unknown id', async () => {
        await expectGraphqlRefused(
          () => gql(DELETE_PERSON, { id: UNKNOWN_ID }),
          ['id'],
          'NOT_FOUND',
          404,
        );
      });
      it('a person with cases', async () => {
        await expectGraphqlRefused(
          () => gql(DELETE_PERSON, { id: '$firstPerson' }),
          [],
          'CONFLICT',
          409,
        );
      });
    });

    describe('createIncident', () => {
      it.each(forGraphql(incidentRows()))('%s', async (_, change, fields) => {
        await expectGraphqlRefused(() => gql(CREATE_INCIDENT, { input: incident(change) }), fields);
      });
      it.each(forGraphql(victimRows((field) => `victims[1].${field}`)))(
        'victim: %s',
        async (_, change, fields) => {
          await expectGraphqlRefused(
            () => gql(CREATE_INCIDENT, { input: withVictims(1, change) }),
            fields,
          );
        },
      );
      it('the nested bad field deep in victims[1].person.nationalities[0]', async () => {
        await expectGraphqlRefused(
          () =>
            gql(CREATE_INCIDENT, {
              input: withVictims(1, { person: person({ nationalities: ['QQ'] }) }),
            }),
          ['victims[1].person.nationalities[0]'],
        );
      });
      it('writes nothing when only the last of many victims is invalid', async () => {
        await expectGraphqlRefused(
          () => gql(CREATE_INCIDENT, { input: withVictims(2, { outcome: 'vanished' }) }),
          ['victims[2].outcome'],
        );
        await expectGraphqlRefused(
          () =>
            gql(CREATE_INCIDENT, {
              input: withVictims(2, { person: person({ fullName: '  ' }) }),
            }),
          ['victims[2].person.fullName'],
        );
      });
    });

    describe('updateIncident', () => {
      it.each<Row>([
        ['dateStart impossible', { dateStart: '2023-02-30' }, ['dateStart']],
        ['dateStart after a victim’s death', { dateStart: '2009-11-26' }, ['dateStart']],
        ['dateEnd before the existing dateStart', { dateEnd: '2009-11-22' }, ['dateEnd']],
        ['month precision on the 23rd', { datePrecision: 'month' }, ['dateStart']],
        ['datePrecision unknown value', { datePrecision: 'week' }, ['datePrecision']],
        ['countryCode unknown', { countryCode: 'XX' }, ['countryCode']],
        ['attackTypes unknown code', { attackTypes: ['poisoning'] }, ['attackTypes[0]']],
        ['attackTypes null', { attackTypes: null }, ['attackTypes']],
        ['datePrecision null', { datePrecision: null }, ['datePrecision']],
        ['countryCode null', { countryCode: null }, ['countryCode']],
        ['victims, which only creation takes', { victims: [] }, ['victims']],
      ])('%s', async (_, change, fields) => {
        await expectGraphqlRefused(
          () => gql(UPDATE_INCIDENT, { id: '$incident', input: change }),
          fields,
        );
      });
      it('malformed id', async () => {
        await expectGraphqlRefused(
          () => gql(UPDATE_INCIDENT, { id: 'not-a-uuid', input: { place: 'x' } }),
          ['id'],
        );
      });
    });

    describe('deleteIncident', () => {
      it('malformed id', async () => {
        await expectGraphqlRefused(() => gql(DELETE_INCIDENT, { id: '1' }), ['id']);
      });
      it('an incident with cases', async () => {
        await expectGraphqlRefused(
          () => gql(DELETE_INCIDENT, { id: '$incident' }),
          [],
          'CONFLICT',
          409,
        );
      });
    });

    describe('createCase', () => {
      it.each(forGraphql(victimRows((field) => field)))('%s', async (_, change, fields) => {
        await expectGraphqlRefused(() => gql(CREATE_CASE, { input: withCase(change) }), fields);
      });
      it.each<Row>([
        ['incidentId malformed', { incidentId: 'incident-1' }, ['incidentId']],
        ['incidentId unknown', { incidentId: UNKNOWN_ID }, ['incidentId']],
        [
          'a person who already has a case in the incident',
          { person: undefined, personId: '$firstPerson' },
          ['personId'],
        ],
      ])('%s', async (_, change, fields) => {
        await expectGraphqlRefused(() => gql(CREATE_CASE, { input: withCase(change) }), fields);
      });
    });

    describe('updateCase', () => {
      it.each<Row>([
        ['outcome unknown value', { outcome: 'dead' }, ['outcome']],
        ['outcome null', { outcome: null }, ['outcome']],
        ['date of death before the incident', { dateOfDeath: '2009-11-22' }, ['dateOfDeath']],
        ['date of death impossible', { dateOfDeath: '2023-02-30' }, ['dateOfDeath']],
        ['incidentId, which cannot change', { incidentId: UNKNOWN_ID }, ['incidentId']],
      ])('%s', async (_, change, fields) => {
        await expectGraphqlRefused(
          () => gql(UPDATE_CASE, { id: '$firstCase', input: change }),
          fields,
        );
      });
      it('malformed id', async () => {
        await expectGraphqlRefused(
          () => gql(UPDATE_CASE, { id: 'x', input: { outcome: 'killed' } }),
          ['id'],
        );
      });
      it('a retracted case', async () => {
        await expectGraphqlRefused(
          () => gql(UPDATE_CASE, { id: '$retracted', input: { outcome: 'injured' } }),
          [],
          'CONFLICT',
          409,
        );
      });
    });

    describe('retractCase', () => {
      it.each<[string, Record<string, unknown>, string[]]>([
        ['reason too short', { reason: 'ab' }, ['reason']],
        ['reason empty', { reason: '' }, ['reason']],
        ['reason too long', { reason: 'x'.repeat(2001) }, ['reason']],
        ['reason missing', {}, ['reason']],
        ['reason of the wrong type', { reason: 42 }, ['reason']],
        ['malformed id', { id: 'abc', reason: 'A good reason' }, ['id']],
      ])('%s', async (_, variables, fields) => {
        await expectGraphqlRefused(
          () => gql(RETRACT_CASE, { id: '$firstCase', ...variables }),
          fields,
        );
      });
    });

    describe('setCaseClassification', () => {
      it.each<Row>([
        ['external id of another case', { monitor: 'cpj', externalId: 'taken-id' }, ['externalId']],
        ['url malformed', { monitor: 'rsf', url: 'example.org/case' }, ['url']],
        ['motive unknown value', { monitor: 'rsf', motive: 'maybe' }, ['motive']],
        ['recordedDate in the future', { monitor: 'rsf', recordedDate: FUTURE }, ['recordedDate']],
        ['unknown monitor', { monitor: 'bbc' }, ['monitor']],
        ['monitor missing', {}, ['monitor']],
        ['unknown field', { monitor: 'rsf', confidence: 'high' }, ['confidence']],
      ])('%s', async (_, input, fields) => {
        await expectGraphqlRefused(
          () =>
            gql(SET_CLASSIFICATION, {
              caseId: input.externalId === 'taken-id' ? '$laterDeath' : '$firstCase',
              input,
            }),
          fields,
        );
      });
      it('malformed case id', async () => {
        await expectGraphqlRefused(
          () => gql(SET_CLASSIFICATION, { caseId: 'nope', input: { monitor: 'rsf' } }),
          ['caseId'],
        );
      });
    });

    describe('removeCaseClassification', () => {
      it('unknown monitor', async () => {
        await expectGraphqlRefused(
          () => gql(REMOVE_CLASSIFICATION, { caseId: '$firstCase', monitor: 'bbc' }),
          ['monitor'],
        );
      });
      it('malformed case id', async () => {
        await expectGraphqlRefused(
          () => gql(REMOVE_CLASSIFICATION, { caseId: '42', monitor: 'cpj' }),
          ['caseId'],
        );
      });
      it('a monitor that has not classified the case', async () => {
        await expectGraphqlRefused(
          () => gql(REMOVE_CLASSIFICATION, { caseId: '$firstCase', monitor: 'unesco' }),
          ['monitor'],
          'NOT_FOUND',
          404,
        );
      });
    });
  });
});
