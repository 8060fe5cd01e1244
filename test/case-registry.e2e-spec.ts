import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { ifMatch } from './versions.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/** A multi-victim incident as an administrator would file it. */
const massacre = {
  dateStart: '2009-11-23',
  datePrecision: 'day',
  countryCode: 'PH',
  place: 'Ampatuan, Maguindanao',
  context: 'non_conflict',
  attackTypes: ['murder'],
  perpetratorTypes: ['government_official', 'paramilitary'],
  description:
    'Convoy ambushed on its way to file a candidacy; 58 killed, 32 of them journalists and media workers.',
  sourceLinks: ['https://en.wikipedia.org/wiki/Maguindanao_massacre'],
  victims: [
    {
      person: {
        fullName: 'Alejandro Reblando',
        gender: 'male',
        nationalities: ['PH'],
        role: 'journalist',
        employment: 'staff',
        mediaTypes: ['print'],
        outlets: ['Manila Bulletin'],
      },
      outcome: 'killed',
      localForeign: 'local',
      classifications: [
        {
          monitor: 'cpj',
          externalId: 'alejandro-reblando',
          motive: 'confirmed',
          typeOfDeath: 'murder',
        },
        { monitor: 'unesco', condemnation: 'condemned' },
      ],
    },
    {
      person: {
        fullName: 'Marife Montaño',
        gender: 'female',
        nationalities: ['PH'],
        role: 'journalist',
        employment: 'freelance',
        mediaTypes: ['radio', 'print'],
        outlets: ['Saksi News'],
      },
      outcome: 'killed',
      localForeign: 'local',
    },
    {
      person: {
        fullName: 'Joy Duhay',
        gender: 'male',
        nationalities: ['PH'],
        role: 'media_worker',
        employment: 'staff',
        mediaTypes: ['television'],
        outlets: ['UNTV'],
      },
      outcome: 'killed',
      localForeign: 'local',
    },
  ],
};

const other = {
  dateStart: '2013-11-02',
  datePrecision: 'day',
  countryCode: 'ML',
  place: 'Kidal',
  context: 'conflict',
  attackTypes: ['abduction', 'murder'],
  perpetratorTypes: ['political_group'],
  victims: [
    {
      person: {
        fullName: 'Ghislaine Dupont',
        gender: 'female',
        nationalities: ['FR'],
        mediaTypes: ['radio'],
        outlets: ['RFI'],
      },
      outcome: 'killed',
      localForeign: 'foreign',
    },
    {
      person: {
        fullName: 'Claude Verlon',
        gender: 'male',
        nationalities: ['FR'],
        role: 'media_worker',
        mediaTypes: ['radio'],
        outlets: ['RFI'],
      },
      outcome: 'killed',
      localForeign: 'foreign',
    },
  ],
};

describe('case registry', () => {
  let t: TestApp;
  let incidentId: string;
  let reblando: string;
  let montano: string;
  let dupont: string;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await t.http().post('/api/v1/incidents').set(auth).send(massacre).expect(201);
    incidentId = a.body.id;
    const b = await t.http().post('/api/v1/incidents').set(auth).send(other).expect(201);
    const byName = (body: { victims: { fullName: string; caseId: string }[] }, name: string) =>
      body.victims.find((v) => v.fullName === name)!.caseId;
    reblando = byName(a.body, 'Alejandro Reblando');
    montano = byName(a.body, 'Marife Montaño');
    dupont = byName(b.body, 'Ghislaine Dupont');
  });
  afterAll(() => t.close());

  const ids = async (query: Record<string, string | number | boolean>) => {
    const res = await t.http().get('/api/v1/cases').query(query).expect(200);
    return res.body.data.map((c: { id: string }) => c.id).sort();
  };

  it('creates a multi-victim incident with a case per victim in one request', async () => {
    const res = await t.http().get(`/api/v1/incidents/${incidentId}`).expect(200);
    expect(res.body).toMatchObject({
      countryCode: 'PH',
      countryName: 'Philippines',
      attackTypes: ['murder'],
      perpetratorTypes: ['government_official', 'paramilitary'],
    });
    expect(res.body.victims).toHaveLength(3);
  });

  it('embeds person and incident summaries and classifications in a case', async () => {
    const res = await t.http().get(`/api/v1/cases/${reblando}`).expect(200);
    expect(res.body).toMatchObject({
      outcome: 'killed',
      localForeign: 'local',
      person: { fullName: 'Alejandro Reblando', gender: 'male' },
      incident: {
        id: incidentId,
        dateStart: '2009-11-23',
        countryCode: 'PH',
        countryName: 'Philippines',
      },
    });
    expect(res.body.classifications.map((c: { monitor: string }) => c.monitor)).toEqual([
      'cpj',
      'unesco',
    ]);
  });

  it.each([
    [{ country: 'PH' }, ['reblando', 'montano', 'duhay']],
    [{ region: 'asia_pacific' }, ['reblando', 'montano', 'duhay']],
    [{ region: 'africa' }, ['dupont', 'verlon']],
    [{ yearFrom: 2010 }, ['dupont', 'verlon']],
    [{ yearFrom: 2009, yearTo: 2009 }, ['reblando', 'montano', 'duhay']],
    [{ dateFrom: '2009-11-23', dateTo: '2009-11-23' }, ['reblando', 'montano', 'duhay']],
    [{ attackType: 'killing' }, ['reblando', 'montano', 'duhay', 'dupont', 'verlon']],
    [{ attackType: 'physical' }, ['dupont', 'verlon']],
    [{ perpetratorType: 'paramilitary' }, ['reblando', 'montano', 'duhay']],
    [{ outcome: 'killed', gender: 'female' }, ['montano', 'dupont']],
    [{ role: 'media_worker' }, ['duhay', 'verlon']],
    [{ mediaType: 'radio' }, ['montano', 'dupont', 'verlon']],
    [{ employment: 'freelance' }, ['montano']],
    [{ localForeign: 'foreign' }, ['dupont', 'verlon']],
    [{ context: 'conflict' }, ['dupont', 'verlon']],
    [{ monitor: 'cpj' }, ['reblando']],
    [{ monitor: 'cpj', externalId: 'alejandro-reblando' }, ['reblando']],
    [{ q: 'montano' }, ['montano']],
    [{ q: 'Montaño' }, ['montano']],
    [{ q: 'Reblado' }, ['reblando']],
    [{ q: 'untv' }, ['duhay']],
    [{ q: 'Kidal' }, ['dupont', 'verlon']],
    [{ q: 'candidacy convoy' }, ['reblando', 'montano', 'duhay']],
    [{ country: 'PH', gender: 'female', mediaType: 'print' }, ['montano']],
  ])('filters %j', async (query, expected) => {
    const names: Record<string, string> = {};
    const all = await t.http().get('/api/v1/cases').query({ limit: 200 }).expect(200);
    for (const c of all.body.data)
      names[c.person.fullName.split(' ')[1].toLowerCase().replace('ñ', 'n')] = c.id;
    expect(await ids(query)).toEqual(expected.map((n) => names[n]).sort());
  });

  it('pages with a stable cursor and counts on request', async () => {
    const first = await t
      .http()
      .get('/api/v1/cases')
      .query({ limit: 2, withTotal: true })
      .expect(200);
    expect(first.body.pageInfo).toMatchObject({ hasNextPage: true, limit: 2, total: 5 });
    const seen = [...first.body.data];
    let cursor = first.body.pageInfo.nextCursor;
    while (cursor) {
      const next = await t.http().get('/api/v1/cases').query({ limit: 2, cursor }).expect(200);
      seen.push(...next.body.data);
      cursor = next.body.pageInfo.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((c) => c.id)).size).toBe(5);
    const dates = seen.map((c) => c.incident.dateStart);
    expect(dates).toEqual([...dates].sort());
    const descending = await t.http().get('/api/v1/cases').query({ sort: '-date' }).expect(200);
    expect(descending.body.data[0].incident.dateStart).toBe('2013-11-02');
  });

  it('retracts a case with a reason: out of lists, readable, in its history', async () => {
    const res = await t
      .http()
      .delete(`/api/v1/cases/${dupont}`)
      .query({ reason: 'Filed twice by mistake' })
      .set(auth)
      .set(await ifMatch(t, 'case', dupont))
      .expect(200);
    expect(res.body).toMatchObject({ retractionReason: 'Filed twice by mistake' });
    expect(await ids({ localForeign: 'foreign' })).toHaveLength(1);
    expect(await ids({ localForeign: 'foreign', includeRetracted: true })).toHaveLength(2);
    const history = await t.http().get(`/api/v1/cases/${dupont}/history`).expect(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['create', 'retract']);
    expect(history.body[1]).toMatchObject({
      actor: 'bootstrap-admin',
      note: 'Filed twice by mistake',
      before: { retractedAt: null },
    });
    await t
      .http()
      .patch(`/api/v1/cases/${dupont}`)
      .set(auth)
      .set(await ifMatch(t, 'case', dupont))
      .send({ localForeign: 'local' })
      .expect(409);
    await t
      .http()
      .delete(`/api/v1/incidents/${incidentId}`)
      .set(auth)
      .set(await ifMatch(t, 'incident', incidentId))
      .expect(409);
  });

  it('updates a case and a classification, bumping the version', async () => {
    const before = await t.http().get(`/api/v1/cases/${montano}`).expect(200);
    const updated = await t
      .http()
      .patch(`/api/v1/cases/${montano}`)
      .set(auth)
      .set('if-match', before.headers.etag)
      .send({ dateOfDeath: '2009-11-23' })
      .expect(200);
    expect(updated.body.version).toBe(before.body.version + 1);
    const classified = await t
      .http()
      .put(`/api/v1/cases/${montano}/classifications/cpj`)
      .set(auth)
      .set('if-match', updated.headers.etag)
      .send({ externalId: 'marife-montano', motive: 'confirmed' })
      .expect(200);
    expect(classified.body.classifications).toEqual([
      expect.objectContaining({ monitor: 'cpj', externalId: 'marife-montano', included: true }),
    ]);
    const taken = await t
      .http()
      .put(`/api/v1/cases/${montano}/classifications/cpj`)
      .set(auth)
      .set(await ifMatch(t, 'case', montano))
      .send({ externalId: 'alejandro-reblando' })
      .expect(400);
    expect(taken.body.details[0].field).toBe('externalId');
    await t
      .http()
      .delete(`/api/v1/cases/${montano}/classifications/rsf`)
      .set(auth)
      .set(await ifMatch(t, 'case', montano))
      .expect(404);
  });

  it('keeps reads public and writes closed without the admin key', async () => {
    await t.http().get('/api/v1/people').expect(200);
    await t.http().post('/api/v1/people').send({ fullName: 'X' }).expect(401);
    await t
      .http()
      .post('/api/v1/people')
      .set({ authorization: 'Bearer wrong-key-wrong-key-wrong-key-wrong' })
      .send({ fullName: 'X' })
      .expect(401);
  });
});
