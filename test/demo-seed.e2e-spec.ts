import { DEMO_INCIDENTS, DemoIncident } from '../seeds/demo/demo-cases.js';
import { runDemoSeed } from '../seeds/demo/index.js';
import { createTestApp, TestApp } from './app-factory.js';
import { tableSnapshot } from './table-snapshot.js';

const ampatuan = DEMO_INCIDENTS.find((i) => i.dateStart === '2009-11-23')!;
const victimCount = DEMO_INCIDENTS.reduce((n, i) => n + i.victims.length, 0);

describe('demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('files the demo cases on a fresh database, and a second run leaves every row as it was', async () => {
    expect(await runDemoSeed(t.app)).toEqual({
      incidentsCreated: DEMO_INCIDENTS.length,
      casesCreated: victimCount,
      casesPresent: 0,
    });
    const afterFirst = await tableSnapshot(t.dataSource);
    expect(afterFirst.cases.count).toBe(victimCount);
    expect(await runDemoSeed(t.app)).toEqual({
      incidentsCreated: 0,
      casesCreated: 0,
      casesPresent: victimCount,
    });
    expect(await tableSnapshot(t.dataSource)).toEqual(afterFirst);
  });

  it('gives the Ampatuan massacre its victims, one case each', async () => {
    const { body: page } = await t
      .http()
      .get('/api/v1/cases')
      .query({ country: 'PH', dateFrom: '2009-11-23', dateTo: '2009-11-23' })
      .expect(200);
    const names = ampatuan.victims.map((v) => v.person.fullName).sort();
    expect(
      page.data.map((c: { person: { fullName: string } }) => c.person.fullName).sort(),
    ).toEqual(names);
    const { body: incident } = await t
      .http()
      .get(`/api/v1/incidents/${page.data[0].incident.id}`)
      .expect(200);
    expect(incident).toMatchObject({
      countryName: 'Philippines',
      place: ampatuan.place,
      attackTypes: ['murder'],
      perpetratorTypes: ['government_official', 'paramilitary'],
    });
    expect(incident.victims).toHaveLength(ampatuan.victims.length);
    expect(incident.victims.every((v: { outcome: string }) => v.outcome === 'killed')).toBe(true);
  });

  it('records every write in the audit trail, as the demo seed', async () => {
    const rows: { actor: string; n: number }[] = await t.dataSource.query(
      `SELECT actor, count(*)::int AS n FROM audit_log GROUP BY actor`,
    );
    // Each incident, each case and each new person.
    expect(rows).toEqual([{ actor: 'demo-seed', n: DEMO_INCIDENTS.length + 2 * victimCount }]);
  });

  it('adds a victim added to the data later to the incident already filed', async () => {
    const extended: DemoIncident[] = [
      {
        ...ampatuan,
        victims: [
          ...ampatuan.victims,
          {
            ...ampatuan.victims[0],
            person: { ...ampatuan.victims[0].person, fullName: 'Later Entry' },
          },
        ],
      },
    ];
    expect(await runDemoSeed(t.app, extended)).toEqual({
      incidentsCreated: 0,
      casesCreated: 1,
      casesPresent: ampatuan.victims.length,
    });
    const { body } = await t
      .http()
      .get('/api/v1/incidents')
      .query({ country: 'PH', yearFrom: 2009, yearTo: 2009 })
      .expect(200);
    expect(body.data).toHaveLength(1);
    expect(body.data[0].victims).toHaveLength(ampatuan.victims.length + 1);
  });

  it('refuses data the API would refuse, writing nothing', async () => {
    const before = await tableSnapshot(t.dataSource);
    const bad: DemoIncident = {
      ...ampatuan,
      dateStart: '2010-02-30',
      victims: [ampatuan.victims[0]],
    };
    await expect(runDemoSeed(t.app, [bad])).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'dateStart' })],
    });
    expect(await tableSnapshot(t.dataSource)).toEqual(before);
  });
});
