import fc from 'fast-check';
import {
  buildClientSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getIntrospectionQuery,
} from 'graphql';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer } from './members.js';
import { allTables, tableSnapshot, TableSnapshot } from './table-snapshot.js';

/**
 * Seeded fuzzing of both transports, generated from the OpenAPI document and the GraphQL schema:
 * each request breaks one rule its schema states (a required field left out, a wrong type, a
 * value outside its enum, range or length, an unknown field), the rest of it well-formed so
 * that it reaches as far as it can. Every answer must be a 4xx in the error shape, and no table
 * may change. Bounded: a few hundred requests, a few seconds of server time.
 */
const SEED = 20261206;
const REST_RUNS = 240;
const GRAPHQL_RUNS = 100;

interface Schema {
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}
/** One way to break a request. */
type Break =
  | { kind: 'param'; name: string; value: string }
  | { kind: 'missing'; path: string[] }
  | { kind: 'value'; path: string[]; value: unknown }
  | { kind: 'unknown'; path: string[] };

const TRICKY = [
  '',
  ' ',
  'null',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '\u0000',
  '😀',
  'Z'.repeat(90),
  '2024-02-30',
  '[]',
  '{}',
];

describe('fuzzing from the OpenAPI document and the GraphQL schema', () => {
  let t: TestApp;
  let components: Record<string, Schema>;
  let operations: Operation[];
  let schema: GraphQLSchema;
  let tables: string[];
  let before: TableSnapshot;

  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(components[s.$ref.split('/').pop()!]);
    if (s.allOf?.length === 1) return { ...s, ...resolve(s.allOf[0]), allOf: undefined };
    return s;
  };

  /** A value the schema accepts, as far as the schema says (examples first). */
  const valid = (raw: Schema | undefined, depth = 0): unknown => {
    const s = resolve(raw);
    if (s.example !== undefined) return s.example;
    if (s.enum) return s.enum[0];
    switch (s.type) {
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 4 ? [] : [valid(s.items, depth + 1)];
      case 'string':
        return s.format === 'uuid'
          ? '00000000-0000-4000-8000-000000000000'
          : s.format === 'date'
            ? '2020-01-01'
            : s.format === 'date-time'
              ? '2020-01-01T00:00:00Z'
              : s.format === 'uri'
                ? 'https://example.org/x'
                : 'x'.repeat(Math.max(1, s.minLength ?? 1));
      default:
        return Object.fromEntries(
          Object.entries(s.properties ?? {})
            .filter(([name]) => depth < 4 && (s.required ?? []).includes(name))
            .map(([name, p]) => [name, valid(p, depth + 1)]),
        );
    }
  };

  /** Values the schema refuses. */
  const invalid = (raw: Schema, optional = false): unknown[] => {
    const s = resolve(raw);
    const out: unknown[] = [];
    // An optional field may be null, whatever the document says.
    if (!s.nullable && !optional) out.push(null);
    if (s.enum) out.push('not-one-of-them');
    if (s.type === 'string') out.push(12345, ['a'], { a: 1 });
    if (s.type === 'string' && s.maxLength) out.push('x'.repeat(s.maxLength + 1));
    if (s.type === 'string' && s.format === 'uuid') out.push('not-a-uuid');
    if (s.type === 'string' && s.format === 'date') out.push('2020-13-45', '01/02/2020');
    if (s.type === 'integer' || s.type === 'number') out.push('many', { n: 1 }, 1.5e308);
    if (s.type === 'integer') out.push(0.5);
    if (s.maximum !== undefined) out.push(s.maximum + 1);
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.type === 'boolean') out.push('maybe', 2);
    if (s.type === 'array') out.push('not-a-list', { a: 1 });
    if (s.type === 'array' && s.maxItems) out.push(Array(s.maxItems + 1).fill(valid(s.items)));
    if (s.type === 'object' || s.properties) out.push('not-an-object', [1, 2]);
    return out;
  };

  /** Every way to break a body of this schema, down to nested objects. */
  const bodyBreaks = (raw: Schema, path: string[] = [], depth = 0, optional = false): Break[] => {
    const s = resolve(raw);
    const breaks: Break[] = invalid(s, optional).map((value) => ({ kind: 'value', path, value }));
    if (s.properties && depth < 3) {
      breaks.push({ kind: 'unknown', path });
      for (const [name, property] of Object.entries(s.properties)) {
        if ((s.required ?? []).includes(name))
          breaks.push({ kind: 'missing', path: [...path, name] });
        breaks.push(
          ...bodyBreaks(property, [...path, name], depth + 1, !(s.required ?? []).includes(name)),
        );
      }
    }
    if (s.type === 'array' && s.items && depth < 3)
      breaks.push(...bodyBreaks(s.items, [...path, '0'], depth + 1));
    return breaks;
  };

  /** Whether a query-string value breaks what the parameter's schema states. */
  const violates = (s: Schema, v: string): boolean => {
    if (s.enum) return !s.enum.map(String).includes(v);
    if (s.type === 'integer' || s.type === 'number') {
      const n = Number(v);
      return (
        !/^-?\d+(\.\d+)?$/.test(v) ||
        (s.type === 'integer' && !Number.isInteger(n)) ||
        n < (s.minimum ?? -Infinity) ||
        n > (s.maximum ?? Infinity)
      );
    }
    if (s.type === 'boolean') return !['true', 'false'].includes(v);
    if (s.format === 'uuid')
      return !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
    if (s.format === 'date')
      return !/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(v).toISOString().slice(0, 10) !== v;
    if (s.pattern && !new RegExp(s.pattern).test(v)) return true;
    return v.length > (s.maxLength ?? Infinity) || v.length < (s.minLength ?? 0);
  };

  /** Every way to break a path or query parameter. */
  const paramBreaks = (op: Operation): Break[] =>
    op.parameters
      .filter((p) => p.in === 'path' || p.in === 'query')
      .flatMap((p) => {
        const s = resolve(p.schema);
        const candidates = [...TRICKY, ...(s.maxLength ? ['x'.repeat(s.maxLength + 1)] : [])];
        // Any value is wrong for a path naming no record; an empty segment is another route.
        const values =
          p.in === 'path'
            ? candidates.filter((v) => v !== '')
            : candidates.filter((v) => violates(s, v));
        return values.map((value) => ({ kind: 'param' as const, name: p.name, value }));
      });

  const apply = (body: unknown, b: Break): unknown => {
    if (b.kind === 'param') return body;
    const copy = structuredClone(body ?? {}) as Record<string, unknown>;
    if (b.path.length === 0) return b.kind === 'value' ? b.value : { ...copy, fuzzUnknown: 1 };
    let node: Record<string, unknown> = copy;
    for (const key of b.path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = b.path[b.path.length - 1];
    if (b.kind === 'missing') delete node[last];
    else if (b.kind === 'unknown')
      node[last] = { ...((node[last] as object) ?? {}), fuzzUnknown: 1 };
    else node[last] = b.value;
    return copy;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const document = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          Omit<Operation, 'method' | 'path'> & {
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >;
      components: { schemas: Record<string, Schema> };
    };
    components = document.components.schemas;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
    );
    const introspection = await t.graphql(getIntrospectionQuery());
    schema = buildClientSchema(introspection.body.data);
    tables = await allTables(t.dataSource);
    before = await tableSnapshot(t.dataSource, tables);
  });
  afterAll(() => t.close());

  const expectErrorShape = (status: number, body: Record<string, unknown>, what: string) => {
    expect({ what, status }).toEqual({ what, status: expect.any(Number) });
    if (status < 400 || status >= 500)
      throw new Error(`${what}: answered ${status} ${JSON.stringify(body).slice(0, 300)}`);
    expect(body).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      code: expect.any(String),
      message: expect.any(String),
      details: expect.any(Array),
    });
  };

  it('answers every broken REST request with a 4xx in the error shape', async () => {
    const cases = operations.flatMap((op) =>
      [...paramBreaks(op), ...(op.body ? bodyBreaks(op.body) : [])].map((b) => ({ op, b })),
    );
    expect(cases.length).toBeGreaterThan(REST_RUNS);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.boolean(), async ({ op, b }, anonymous) => {
        const params = Object.fromEntries(
          op.parameters
            .filter((p) => p.in === 'path' || (p.in === 'query' && p.required))
            .map((p) => [p.name, String(valid(p.schema))]),
        );
        const query: Record<string, string> = Object.fromEntries(
          op.parameters
            .filter((p) => p.in === 'query' && p.required)
            .map((p) => [p.name, params[p.name]]),
        );
        if (b.kind === 'param') {
          if (op.parameters.find((p) => p.name === b.name)?.in === 'query') query[b.name] = b.value;
          else params[b.name] = b.value;
        }
        const url =
          op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name])) +
          (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
        let req = t.http()[op.method as 'get'](url);
        if (!anonymous) req = req.set(bearer(ADMIN_KEY));
        if (op.body || b.kind !== 'param') req = req.send(apply(valid(op.body), b) as object);
        const res = await req;
        const what = `${op.method.toUpperCase()} ${url} ${JSON.stringify(b).slice(0, 200)} ${anonymous ? 'anonymous' : 'admin'}`;
        if (res.headers['content-type']?.includes('application/json'))
          expectErrorShape(res.status, res.body, what);
        else throw new Error(`${what}: answered ${res.status} ${res.headers['content-type']}`);
      }),
      { seed: SEED, numRuns: REST_RUNS },
    );
  });

  /** A GraphQL value of the wrong kind for an input type. */
  const wrongFor = (type: GraphQLInputType): unknown[] => {
    const named = getNamedType(type);
    const out: unknown[] = [];
    if (isNonNullType(type)) out.push(null);
    if (isListType(getNullableType(type))) out.push({ notA: 'list' });
    if (isEnumType(named)) out.push('NOT_A_VALUE', 7);
    if (isScalarType(named))
      out.push(
        ...(named.name === 'Int' || named.name === 'Float'
          ? ['seven', 2 ** 40, { n: 1 }]
          : named.name === 'Boolean'
            ? ['yes', 3]
            : named.name === 'JSON'
              ? []
              : [{ an: 'object' }, ['list'], 'x'.repeat(6000), '\u0000', '']),
      );
    if (isInputObjectType(named)) out.push('not-an-object', { fuzzUnknown: 1 });
    return out;
  };

  const validFor = (type: GraphQLInputType, depth = 0): unknown => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return depth > 3 ? [] : [validFor(nullable.ofType, depth + 1)];
    if (isEnumType(nullable)) return nullable.getValues()[0].value;
    if (isInputObjectType(nullable))
      return Object.fromEntries(
        Object.values(nullable.getFields())
          .filter((f) => isNonNullType(f.type))
          .map((f) => [f.name, validFor(f.type, depth + 1)]),
      );
    const name = isScalarType(nullable) ? nullable.name : 'String';
    return name === 'Int' || name === 'Float'
      ? 1
      : name === 'Boolean'
        ? true
        : name === 'ID'
          ? '00000000-0000-4000-8000-000000000000'
          : name === 'JSON'
            ? {}
            : 'x';
  };

  it('answers every broken GraphQL operation with 4xx errors in the error shape', async () => {
    const fields = (['query', 'mutation'] as const).flatMap((kind) => {
      const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
      return Object.values(root?.getFields() ?? {})
        .filter((f) => f.args.length > 0)
        .map((field) => ({ kind, field }));
    });
    const cases = fields.flatMap(({ kind, field }) =>
      field.args.flatMap((arg) =>
        wrongFor(arg.type)
          // An empty `after` reads as no cursor (the first page), as in every list; a file's
          // text to import is any string (its rows are checked by the import job, not here).
          .filter((value) => !(arg.name === 'after' && value === ''))
          .filter(() => !(field.name === 'importFile' && arg.name === 'content'))
          .map((value) => ({ kind, field, arg, value })),
      ),
    );
    expect(cases.length).toBeGreaterThan(GRAPHQL_RUNS);
    const documentOf = (kind: string, field: GraphQLField<unknown, unknown>) => {
      const declared = field.args.map((a: GraphQLArgument) => `$${a.name}: ${a.type.toString()}`);
      const passed = field.args.map((a: GraphQLArgument) => `${a.name}: $${a.name}`);
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      return `${kind} (${declared.join(', ')}) { ${field.name}(${passed.join(', ')})${selection} }`;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.boolean(),
        async ({ kind, field, arg, value }, anonymous) => {
          const variables = Object.fromEntries(
            field.args.map((a) => [a.name, a === arg ? value : validFor(a.type)]),
          );
          const res = await t.graphql(
            documentOf(kind, field),
            variables,
            anonymous ? undefined : ADMIN_KEY,
          );
          const what = `${field.name}(${arg.name}: ${JSON.stringify(value).slice(0, 60)}) ${anonymous ? 'anonymous' : 'admin'}`;
          if (res.status >= 500) throw new Error(`${what}: HTTP ${res.status}`);
          const errors = (res.body.errors ?? []) as { extensions: Record<string, unknown> }[];
          if (errors.length === 0)
            throw new Error(`${what}: accepted ${JSON.stringify(res.body).slice(0, 200)}`);
          for (const error of errors) {
            const status = error.extensions.statusCode as number;
            if (
              !(status >= 400 && status < 500) ||
              error.extensions.code === 'INTERNAL_SERVER_ERROR'
            )
              throw new Error(`${what}: ${JSON.stringify(error).slice(0, 300)}`);
            expect(error.extensions.details).toEqual(expect.any(Array));
          }
        },
      ),
      { seed: SEED, numRuns: GRAPHQL_RUNS },
    );
  });

  it('changed no table', async () => {
    expect(await tableSnapshot(t.dataSource, tables)).toEqual(before);
  });
});
