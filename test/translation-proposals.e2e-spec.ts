import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';

/**
 * Contributors propose translations of a case's description through the review queue (REST and
 * GraphQL); nothing shows until a reviewer accepts one, and the accepted translation is shown to
 * readers of its language beside the original.
 */

const admin = bearer(ADMIN_KEY);
const ORIGINAL = 'The reporter was shot outside the radio station after his morning programme.';
const FRENCH = 'Le reporter a été abattu devant la station de radio après son émission du matin.';
const SPANISH = 'El reportero fue asesinado frente a la emisora después de su programa matinal.';

describe('translation proposals', () => {
  let t: TestApp;
  let roles: Roles;
  let incidentId: string;
  let caseId: string;

  const proposalCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals`))[0].n as number;
  const translations = async () =>
    (await t.http().get(`/api/v1/incidents/${incidentId}/translations`).expect(200)).body as {
      language: string;
      translations: { language: string; description: string }[];
    };
  const propose = (body: Record<string, unknown>, key = roles.contributor.key) =>
    t.http().post('/api/v1/proposals/translations').set(bearer(key)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2016-08-30',
        datePrecision: 'day',
        countryCode: 'CO',
        place: 'Tuluá',
        attackTypes: ['murder'],
        description: ORIGINAL,
        victims: [{ person: { fullName: 'Translated Reporter' }, outcome: 'killed' }],
      })
      .expect(201);
    incidentId = created.body.id;
    caseId = created.body.victims[0].caseId;
    await t
      .http()
      .put(`/api/v1/incidents/${incidentId}/description-language`)
      .set(admin)
      .send({ language: 'en' })
      .expect(200);
  });
  afterAll(() => t.close());

  it('files a contributor’s translation as a proposal that changes nothing until it is reviewed', async () => {
    const filed = await propose({
      incidentId,
      language: 'fr',
      description: FRENCH,
      note: 'Translated from the station’s report',
    }).expect(201);
    expect(filed.body).toMatchObject({
      kind: 'translation',
      status: 'pending',
      targetType: 'incident',
      targetId: incidentId,
      countryCode: 'CO',
      organisationId: roles.contributor.organisationId,
      payload: { language: 'fr', description: FRENCH },
      evidenceLinks: [],
    });
    expect((await translations()).translations).toEqual([]);
    const page = await t.http().get(`/cases/${caseId}?lang=fr`).expect(200);
    expect(page.text).not.toContain(FRENCH);
    // Nobody outside the contributor's organisation and the reviewers sees the proposal.
    await t
      .http()
      .get(`/api/v1/proposals/${filed.body.id}`)
      .set(bearer(roles.outsider.key))
      .expect(404);
    await t.http().get(`/api/v1/proposals/${filed.body.id}`).expect(401);
  });

  it('refuses a bad translation with the field named, and files nothing', async () => {
    const before = await proposalCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ incidentId, language: 'french', description: FRENCH }, 'language'],
      [{ incidentId, language: 'en', description: 'Same language as the original' }, 'language'],
      [{ incidentId, language: 'de', description: '' }, 'description'],
      [
        { incidentId: '00000000-0000-4000-8000-000000000000', language: 'de', description: 'x' },
        'incidentId',
      ],
      [{ incidentId: 'nope', language: 'de', description: 'x' }, 'incidentId'],
      [
        { incidentId, language: 'de', description: 'x', evidenceLinks: ['not a url'] },
        'evidenceLinks',
      ],
      [{ incidentId, language: 'de', description: 'x', status: 'accepted' }, 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await propose(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    await t.http().post('/api/v1/proposals/translations').send(cases[0][0]).expect(401);
    const gql = await t.graphql(
      `mutation($input: ProposeTranslationInput!) { proposeTranslation(input: $input) { id } }`,
      { input: { incidentId, language: 'en', description: 'x' } },
      roles.contributor.key,
    );
    expect(gql.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await proposalCount()).toBe(before);
  });

  it('applies the translation when a reviewer accepts it (REST and GraphQL), shown beside the original', async () => {
    const [french] = (
      await t
        .http()
        .get('/api/v1/proposals?kind=translation&status=pending')
        .set(bearer(roles.reviewer.key))
        .expect(200)
    ).body.data;
    const gqlFiled = await t.graphql(
      `mutation($input: ProposeTranslationInput!) { proposeTranslation(input: $input) { id kind status } }`,
      {
        input: {
          incidentId,
          language: 'es',
          description: SPANISH,
          evidenceLinks: ['https://example.org/informe'],
        },
      },
      roles.contributor.key,
    );
    expect(gqlFiled.body.errors).toBeUndefined();
    const spanish = gqlFiled.body.data.proposeTranslation;
    expect(spanish).toMatchObject({ kind: 'translation', status: 'pending' });

    // A contributor may not review; a reviewer may.
    await t
      .http()
      .post(`/api/v1/proposals/${french.id}/accept`)
      .set(bearer(roles.contributor.key))
      .send({})
      .expect(403);
    const accepted = await t
      .http()
      .post(`/api/v1/proposals/${french.id}/accept`)
      .set(bearer(roles.reviewer.key))
      .send({ note: 'Checked against the original' })
      .expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      result: { incidentId, language: 'fr' },
    });
    const gqlAccepted = await t.graphql(
      `mutation($id: ID!) { acceptProposal(id: $id) { status result } }`,
      { id: spanish.id },
      roles.otherReviewer.key,
    );
    expect(gqlAccepted.body.errors).toBeUndefined();
    expect(gqlAccepted.body.data.acceptProposal).toEqual({
      status: 'accepted',
      result: { incidentId, language: 'es' },
    });

    const texts = await translations();
    expect(texts.language).toBe('en');
    expect(texts.translations.map((x) => [x.language, x.description])).toEqual([
      ['es', SPANISH],
      ['fr', FRENCH],
    ]);
    const fr = (await t.http().get(`/cases/${caseId}?lang=fr`).expect(200)).text;
    expect(fr).toMatch(new RegExp(`<blockquote lang="fr">[^]*${FRENCH}`));
    expect(fr).toMatch(new RegExp(`<blockquote lang="en">[^]*${ORIGINAL}`));
    const es = (await t.http().get(`/cases/${caseId}?lang=es`).expect(200)).text;
    expect(es).toMatch(new RegExp(`<blockquote lang="es">[^]*${SPANISH}`));
    const en = (await t.http().get(`/cases/${caseId}?lang=en`).expect(200)).text;
    expect(en).toContain(ORIGINAL);
    expect(en).not.toContain(FRENCH);

    // The change is audited on the incident, linked to the proposal it came from.
    const audit = await t.dataSource.query(
      `SELECT proposal_id::text AS "proposalId" FROM audit_log
        WHERE entity_type = 'incident' AND entity_id = $1 AND note = 'description translated into fr'`,
      [incidentId],
    );
    expect(audit).toEqual([{ proposalId: french.id }]);
    await t
      .http()
      .post(`/api/v1/proposals/${french.id}/accept`)
      .set(bearer(roles.reviewer.key))
      .send({})
      .expect(409);
  });

  it('leaves the record as it was when a reviewer rejects a translation', async () => {
    const filed = await propose({
      incidentId,
      language: 'ar',
      description: 'ترجمة غير دقيقة',
    }).expect(201);
    await t
      .http()
      .post(`/api/v1/proposals/${filed.body.id}/reject`)
      .set(bearer(roles.reviewer.key))
      .send({ reason: 'Not faithful to the original' })
      .expect(200);
    expect((await translations()).translations.map((x) => x.language)).toEqual(['es', 'fr']);
  });
});
