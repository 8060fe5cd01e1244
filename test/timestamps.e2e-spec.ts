import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Every instant is written one way (RFC 3339, UTC, milliseconds, `Z`) and every calendar date as
 * YYYY-MM-DD, in REST and GraphQL. The test walks every date and time field of the GraphQL schema
 * (queries built from introspection) and of the OpenAPI document (GET answers read against their
 * response schemas) with real values.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Names that say a field holds a date or an instant. */
const TIME_NAME =
  /^(date|dateStart|dateEnd|asOf|windowFrom|windowTo|validFrom|validTo)$|(At|On|Date)$/;

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface GqlField {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface GqlType {
  kind: string;
  name: string;
  fields: GqlField[] | null;
}
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const required = (t: TypeRef) => t.kind === 'NON_NULL';

describe('one format for dates and instants', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2014-08-10',
        dateEnd: '2014-08-19',
        datePrecision: 'day',
        countryCode: 'PH',
        attackTypes: ['murder'],
        victims: [
          {
            person: { fullName: 'Timed Victim' },
            outcome: 'killed',
            dateOfDeath: '2014-08-20',
            classifications: [
              { monitor: 'unesco', condemnation: 'condemned', recordedDate: '2014-09-01' },
            ],
          },
          { person: { fullName: 'Retracted Victim' }, outcome: 'killed' },
        ],
      })
      .expect(201);
    ids.incident = created.body.id;
    ids.case = created.body.victims[0].caseId;
    ids.person = created.body.victims[0].personId;
    const other = created.body.victims[1].caseId;
    const { version } = (await t.http().get(`/api/v1/cases/${other}`)).body;
    await t
      .http()
      .delete(`/api/v1/cases/${other}`)
      .query({ reason: 'duplicate' })
      .set(admin)
      .set('if-match', `W/"${version}"`)
      .expect(200);
    await t
      .http()
      .post(`/api/v1/cases/${ids.case}/status-history`)
      .set(admin)
      .send({
        scheme: 'unesco',
        status: 'ongoing',
        effectiveDate: '2015-01-01',
        reportedBy: 'staff',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${ids.case}/proceedings`)
      .set(admin)
      .send({ defendantRole: 'perpetrator', step: 'arrest', stepDate: '2015-02-01' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/dg-cycles')
      .set(admin)
      .send({ year: 2020, reportEdition: 2022, sentOn: '2020-03-01', deadline: '2020-06-01' })
      .expect(201);
    const [request] = (
      await t.http().post('/api/v1/dg-cycles/2020/requests').set(admin).expect(201)
    ).body;
    ids.dgRequest = request.id;
    await t.http().post(`/api/v1/dg-requests/${request.id}/send`).set(admin).send({}).expect(201);
    await t
      .http()
      .post(`/api/v1/dg-requests/${request.id}/response`)
      .set(admin)
      .send({
        receivedOn: '2020-04-01',
        publicationRequested: true,
        cases: [{ caseId: ids.case, status: 'ongoing' }],
      })
      .expect(201);
    await t
      .http()
      .post('/api/v1/statistics/published-figures')
      .set(admin)
      .send({
        figure: 'killings',
        source: 'UNESCO',
        value: 3,
        unit: 'count',
        publishedOn: '2024-11-02',
      })
      .expect(201);
    const citation = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'killings', query: {} })
      .expect(201);
    ids.citation = citation.body.id;
    const organisation = await t
      .http()
      .post('/api/v1/organisations')
      .set(admin)
      .send({ name: 'Timed Org' })
      .expect(201);
    ids.organisation = organisation.body.id;
    const member = await t
      .http()
      .post(`/api/v1/organisations/${organisation.body.id}/members`)
      .set(admin)
      .send({ name: 'Timed Member', role: 'contributor' })
      .expect(201);
    ids.member = member.body.id;
    const key = await t
      .http()
      .post(`/api/v1/members/${member.body.id}/api-keys`)
      .set(admin)
      .send({})
      .expect(201);
    // Used (lastUsedAt) to file a proposal, which is then rejected (reviewedAt); then revoked.
    const proposal = await t
      .http()
      .post('/api/v1/proposals/retractions')
      .set('authorization', `Bearer ${key.body.key}`)
      .send({ caseId: ids.case, reason: 'A duplicate', evidenceLinks: ['https://example.org/a'] })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/proposals/${proposal.body.id}/reject`)
      .set(admin)
      .send({ reason: 'Not a duplicate' })
      .expect(200);
    await t.http().delete(`/api/v1/api-keys/${key.body.id}`).set(admin).expect(200);
  });
  afterAll(() => t.close());

  it('gives every date and time field of the GraphQL schema a proper scalar and one format', async () => {
    const schema = await t.graphql(
      `{ __schema { types { kind name fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
         type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`,
    );
    const types = new Map<string, GqlType>(
      (schema.body.data.__schema.types as GqlType[]).map((type) => [type.name, type]),
    );
    const timeFields = new Map<string, 'DateTime' | 'Date'>();
    const untyped: string[] = [];
    for (const type of types.values()) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const field of type.fields ?? []) {
        const scalar = named(field.type).name;
        if (scalar === 'DateTime' || scalar === 'Date')
          timeFields.set(`${type.name}.${field.name}`, scalar);
        else if (scalar === 'String' && TIME_NAME.test(field.name))
          untyped.push(`${type.name}.${field.name}`);
      }
    }
    expect(untyped).toEqual([]);
    expect(timeFields.size).toBeGreaterThan(20);

    // Every root query whose required arguments are known, every field without required
    // arguments, to a bounded depth.
    const argumentsFor: Record<string, string> = {
      case: `id: "${ids.case}"`,
      caseHistory: `id: "${ids.case}"`,
      caseDgHistory: `id: "${ids.case}"`,
      incident: `id: "${ids.incident}"`,
      person: `id: "${ids.person}"`,
      dgCycle: 'year: 2020',
      dgRequest: `id: "${ids.dgRequest}"`,
      stateDgHistory: 'code: "PH"',
      citation: `id: "${ids.citation}"`,
      organisation: `id: "${ids.organisation}"`,
      members: `organisationId: "${ids.organisation}"`,
      apiKeys: `memberId: "${ids.member}"`,
      country: 'code: "SS"',
      cases: 'filter: { includeRetracted: true }',
    };
    const selection = (typeName: string, depth: number): string => {
      const type = types.get(typeName)!;
      const parts = ['__typename'];
      for (const field of type.fields ?? []) {
        if (field.args.some((a) => required(a.type))) continue;
        const inner = named(field.type);
        // Two rows per page keep the operation under the cost limit.
        const page = field.args.some((a) => a.name === 'first') ? '(first: 2)' : '';
        if (inner.kind === 'OBJECT') {
          if (depth > 0)
            parts.push(`${field.name}${page} { ${selection(inner.name!, depth - 1)} }`);
        } else parts.push(field.name);
      }
      return parts.join(' ');
    };
    const seen = new Map<string, string[]>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!value || typeof value !== 'object') return;
      const object = value as Record<string, unknown>;
      for (const [key, inner] of Object.entries(object)) {
        const kind = timeFields.get(`${String(object.__typename)}.${key}`);
        if (kind && inner !== null) {
          const values = seen.get(`${String(object.__typename)}.${key}`) ?? [];
          seen.set(`${String(object.__typename)}.${key}`, [...values, String(inner)]);
        }
        walk(inner);
      }
    };
    const query = types.get('Query')!;
    for (const field of query.fields!) {
      const needs = field.args.filter((a) => required(a.type));
      if (needs.length > 0 && !argumentsFor[field.name]) continue;
      const inner = named(field.type);
      const body = inner.kind === 'OBJECT' ? `{ ${selection(inner.name!, 3)} }` : '';
      const given = [
        argumentsFor[field.name],
        field.args.some((a) => a.name === 'first') ? 'first: 2' : undefined,
      ].filter(Boolean);
      const args = given.length ? `(${given.join(', ')})` : '';
      const res = await t.graphql(`{ ${field.name}${args} ${body} }`, undefined, ADMIN_KEY);
      expect({ field: field.name, errors: res.body.errors }).toEqual({
        field: field.name,
        errors: undefined,
      });
      walk(res.body.data);
    }
    const badlyWritten = [...seen].flatMap(([field, values]) =>
      values
        .filter((v) => !(timeFields.get(field) === 'DateTime' ? INSTANT : DATE).test(v))
        .map((v) => `${field}: ${v}`),
    );
    expect(badlyWritten).toEqual([]);
    // Fields this data cannot fill: a member never removed here, import jobs and held records
    // (they need an import of their own), a new key's answer (a mutation's only), and webhooks
    // and translations, which need subscriptions and translated descriptions of their own; review
    // feed keys, duplicate pairs and releases likewise need their own making.
    const unfilled = [...timeFields.keys()].filter(
      (f) =>
        !seen.has(f) &&
        !/^(Member\.removedAt|ImportJob\.|HeldImportRecord\.|CreatedApiKey\.|Webhook\w*\.|DescriptionTranslation\.|(Created)?ReviewFeedKey\.|Duplicate(Pair|Candidate)\.|Release\.)/.test(
          f,
        ),
    );
    expect(unfilled).toEqual([]);
  });

  it('writes the status entry time of a case as every other instant (REST and GraphQL)', async () => {
    const status = await t.http().get(`/api/v1/cases/${ids.case}/status`).expect(200);
    expect(status.body.entry.recordedAt).toMatch(INSTANT);
    const gql = await t.graphql(
      `{ case(id: "${ids.case}") { status(scheme: unesco) { status entry { id recordedAt } } } }`,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.case.status.entry.recordedAt).toBe(status.body.entry.recordedAt);
  });

  it('writes every date and time field of the OpenAPI document in one format', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    const schemas = doc.components.schemas as Record<string, Schema>;
    const pathIds: Record<string, string> = {
      '/api/v1/cases/{id}': ids.case,
      '/api/v1/incidents/{id}': ids.incident,
      '/api/v1/people/{id}': ids.person,
      '/api/v1/dg-requests/{id}': ids.dgRequest,
      '/api/v1/citations/{id}': ids.citation,
      '/api/v1/organisations/{id}': ids.organisation,
      '/api/v1/members/{id}': ids.member,
    };
    const fill = (path: string): string | null => {
      let filled = path;
      for (const [prefix, id] of Object.entries(pathIds))
        if (path.startsWith(prefix)) filled = path.replace('{id}', id);
      filled = filled
        .replace('{year}', '2020')
        .replace('{code}', 'PH')
        .replace('{scheme}', 'unesco');
      return /\{/.test(filled) ? null : filled;
    };
    const seen = new Set<string>();
    const bad: string[] = [];
    const check = (schema: Schema | undefined, value: unknown, where: string): void => {
      if (!schema || value === null || value === undefined) return;
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop()!;
        return check(schemas[name], value, name);
      }
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? [])])
        check(part, value, where);
      if (schema.type === 'array' && Array.isArray(value))
        return value.forEach((v) => check(schema.items, v, where));
      if (schema.format === 'date-time' || schema.format === 'date') {
        seen.add(where);
        if (!(schema.format === 'date' ? DATE : INSTANT).test(String(value)))
          bad.push(`${where}: ${String(value)}`);
        return;
      }
      if (typeof value === 'object' && schema.properties)
        for (const [key, property] of Object.entries(schema.properties))
          check(property, (value as Record<string, unknown>)[key], `${where}.${key}`);
    };
    let read = 0;
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Operations>)) {
      const response = operations.get?.responses?.['200']?.content?.['application/json'];
      const url = fill(path);
      if (!response || !url || path.includes('/imports')) continue;
      const res = await t
        .http()
        .get(url.replace(/^\/api\/v1/, '/api/v1'))
        .set(admin);
      if (res.status !== 200) continue;
      read += 1;
      check(response.schema, res.body, path);
    }
    expect(read).toBeGreaterThan(20);
    expect(bad).toEqual([]);
    for (const field of [
      // The case list's items (a case with its current status).
      'CaseListItemDto.createdAt',
      'StatusEntryDto.recordedAt',
      'ProceedingDto.recordedAt',
      'AuditEntryDto.occurredAt',
      'IncidentDto.dateStart',
    ])
      expect([...seen].filter((s) => s.startsWith(field.split('.')[0]))).toEqual(
        expect.arrayContaining([field]),
      );
  });
});

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
}
interface Operations {
  get?: { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
}
