import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { AccessRule } from '../src/common/auth/access.decorator.js';
import { createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';
import { routeTable } from './route-table.js';

/**
 * Every REST route and every GraphQL Query and Mutation field declares who may call it, and each
 * role gets exactly that: the whole route table is walked and every route called as the public,
 * a contributor, a reviewer and an administrator.
 */

type Caller = 'anonymous' | 'contributor' | 'reviewer' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'contributor', 'reviewer', 'admin'];
const SOME_ID = '00000000-0000-4000-8000-000000000000';
const PARAMS: Record<string, string> = {
  id: SOME_ID,
  caseId: SOME_ID,
  monitor: 'cpj',
  year: '2020',
  code: 'PH',
  file: 'cases.csv',
};

/** What a caller should get under a rule: refused (401 or 403) or let through. */
function expected(rule: AccessRule | undefined, caller: Caller): 401 | 403 | 'allowed' {
  if (rule === 'public') return 'allowed';
  if (rule === undefined) return 403;
  if (caller === 'anonymous') return 401;
  return rule.includes(caller) ? 'allowed' : 403;
}

const outcome = (status: number) => (status === 401 || status === 403 ? status : 'allowed');

/** A value GraphQL accepts for an input type (the guard runs before any validation of it). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  // Variables carry an enum value by its GraphQL name (which may differ from the value inside).
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'ID':
        return SOME_ID;
      case 'DateTime':
        return '2020-01-01T00:00:00Z';
      case 'JSON':
        return {};
      default:
        return 'sample';
    }
  }
  return null;
}

/** An operation calling one root field with every required argument given. */
function operation(schema: GraphQLSchema, root: 'Query' | 'Mutation', name: string) {
  const field = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[
    name
  ];
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type));
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${root === 'Query' ? 'query' : 'mutation'}${declared ? ` (${declared})` : ''} { ${name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, sample(a.type)])),
  };
}

describe('who may call what', () => {
  let t: TestApp;
  let roles: Roles;
  let table: ReturnType<typeof routeTable>;
  const keyOf = (caller: Caller) =>
    caller === 'anonymous' ? undefined : roles[caller as keyof Roles].key;

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
    table = routeTable(t.app);
  });
  afterAll(() => t.close());

  it('finds the whole route table and every root field of the schema', () => {
    expect(table.rest.length).toBeGreaterThan(50);
    expect(table.rest.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /api/v1/cases/:id',
        'PATCH /api/v1/cases/:id',
        'GET /api/v1/audit',
        'POST /api/v1/proposals/:id/accept',
        'POST /api/v1/members/:id/api-keys',
      ]),
    );
    const { schema } = t.app.get(GraphQLSchemaHost);
    const served = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.keys(type.getFields()).map((f) => `${type.name}.${f}`),
    );
    expect(served.filter((f) => !table.graphql.some((g) => g.field === f))).toEqual([]);
  });

  it('has a declared rule on every REST route and GraphQL root field', () => {
    const undeclared = [...table.rest, ...table.graphql]
      .filter((h) => h.rule === undefined)
      .map((h) => h.name);
    expect(undeclared).toEqual([]);
  });

  it('answers each role on each REST route as the route’s rule says', async () => {
    const mismatches: string[] = [];
    for (const route of table.rest) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? SOME_ID);
      for (const caller of CALLERS) {
        const req = t
          .http()
          [route.method.toLowerCase() as 'get'](path)
          .set(caller === 'anonymous' ? {} : bearer(keyOf(caller)!));
        const res = ['POST', 'PUT', 'PATCH'].includes(route.method)
          ? await req.send({})
          : await req;
        const want = expected(route.rule, caller);
        if (outcome(res.status) !== want)
          mismatches.push(
            `${caller} ${route.method} ${route.path}: ${res.status}, expected ${want}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers each role on each GraphQL Query and Mutation field as its rule says', async () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const mismatches: string[] = [];
    for (const handler of table.graphql) {
      const [root, name] = handler.field.split('.') as ['Query' | 'Mutation', string];
      const { query, variables } = operation(schema, root, name);
      for (const caller of CALLERS) {
        const res = await t.graphql(query, variables, keyOf(caller));
        const codes = (res.body.errors ?? []).map(
          (e: { extensions?: { code?: string } }) => e.extensions?.code,
        );
        // An error without a path refuses the document itself, before any guard: the sample
        // operation must be one GraphQL accepts, or the check would prove nothing.
        const documentError = (res.body.errors ?? []).find((e: { path?: unknown }) => !e.path);
        if (documentError) mismatches.push(`${handler.field}: ${documentError.message}`);
        const got = codes.includes('UNAUTHENTICATED')
          ? 401
          : codes.includes('FORBIDDEN')
            ? 403
            : 'allowed';
        const want = expected(handler.rule, caller);
        if (got !== want) mismatches.push(`${caller} ${handler.field}: ${got}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers 401 to a key that is unknown, revoked or expired, on public routes too', async () => {
    await t.http().get('/api/v1/cases').set(bearer('itk_00000000_nope')).expect(401);
    const res = await t.graphql('{ me { role } }', {}, 'itk_00000000_nope');
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
