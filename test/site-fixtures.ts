import { ADMIN_KEY, TestApp } from './app-factory.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

export interface PlantedSecrets {
  /** Strings that must appear on no public page. */
  values: string[];
  incidentId: string;
  caseId: string;
  cycleYear: number;
}

/**
 * Plants confidential values where the public must never see them: an incident's and a case's
 * confidential details, and a state's answer to UNESCO that did not ask to be published.
 */
export async function plantConfidential(t: TestApp): Promise<PlantedSecrets> {
  const values = [
    'SECRET-source-contact-7731',
    'SECRET-witness-4410',
    'SECRET-internal-note-9902',
    'SECRET-victim-note-1288',
    'SECRET-state-remark-5561',
    'SECRET-document-3370.pdf',
  ];
  const incident = await t
    .http()
    .post('/api/v1/incidents')
    .set(auth)
    .send({
      dateStart: '2021-05-04',
      datePrecision: 'day',
      countryCode: 'PH',
      place: 'Planted City',
      attackTypes: ['murder'],
      description: 'A journalist was killed outside his home.',
      confidentialDetails: {
        sourceContacts: values[0],
        witnessDetails: values[1],
        internalNote: values[2],
      },
      victims: [
        {
          person: { fullName: 'Planted Person', gender: 'male', nationalities: ['PH'] },
          outcome: 'killed',
          confidentialDetails: { internalNote: values[3] },
          classifications: [{ monitor: 'unesco', condemnation: 'condemned' }],
        },
      ],
    })
    .expect(201);
  const caseId = incident.body.victims[0].caseId as string;
  const cycleYear = 2023;
  const drafts = await t
    .http()
    .post(`/api/v1/dg-cycles/${cycleYear}/requests`)
    .set(auth)
    .expect(201);
  for (const request of drafts.body as { id: string; countryCode: string }[]) {
    await t.http().post(`/api/v1/dg-requests/${request.id}/send`).set(auth).send({}).expect(201);
    if (request.countryCode === 'PH')
      await t
        .http()
        .post(`/api/v1/dg-requests/${request.id}/response`)
        .set(auth)
        .send({
          // Sent today (the seeded cycle has no date), so answered today.
          receivedOn: new Date().toISOString().slice(0, 10),
          publicationRequested: false,
          remarks: values[4],
          documents: [values[5]],
          cases: [{ caseId, status: 'resolved' }],
        })
        .expect(201);
  }
  return { values, incidentId: incident.body.id, caseId, cycleYear };
}

/** One URL per page type. */
export async function sitePages(
  t: TestApp,
  planted: PlantedSecrets,
): Promise<Record<string, string>> {
  const posted = await t
    .http()
    .post('/api/v1/citations')
    .send({ figure: 'unresolved_ratio', query: { groupBy: 'country' } })
    .expect(201);
  return {
    home: '/',
    cases: '/cases?country=PH',
    case: `/cases/${planted.caseId}`,
    country: '/countries/PH',
    figures: '/figures?figure=unresolved_ratio&groupBy=year',
    citation: `/c/${posted.body.id}`,
    requests: `/unesco-requests/${planted.cycleYear}`,
    embed: '/embed/figures?figure=killings&groupBy=country',
    methods: '/about/methods',
  };
}
