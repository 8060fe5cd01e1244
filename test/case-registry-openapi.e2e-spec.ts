import { getMetadataStorage } from 'class-validator';
import { ListCasesQuery } from '../src/cases/dto/list-cases.query.js';
import { createTestApp, TestApp } from './app-factory.js';

/** The OpenAPI document at /docs-json describes the case list and the registry's records fully. */

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  description?: string;
  items?: Schema;
  enum?: unknown[];
  properties?: Record<string, Schema>;
}
interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: Schema;
}
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        responses?: Record<string, { description?: string; content?: object }>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** Every property the validation pipe accepts, which is every one the service can be given. */
const acceptedProperties = (type: new () => object) =>
  [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', true, false)
        .map((m) => m.propertyName),
    ),
  ].sort();

const refName = (schema: Schema) =>
  (schema.$ref ?? schema.items?.$ref ?? schema.allOf?.[0]?.$ref)?.split('/').at(-1);

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('documents every query parameter of GET /api/v1/cases, each with a description and a type', () => {
    const parameters = doc.paths['/api/v1/cases'].get.parameters ?? [];
    const accepted = acceptedProperties(ListCasesQuery);
    expect(accepted.length).toBeGreaterThan(20);
    expect(
      parameters
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(accepted);
    for (const parameter of parameters) {
      expect({ name: parameter.name, described: Boolean(parameter.description?.trim()) }).toEqual({
        name: parameter.name,
        described: true,
      });
      expect(parameter.schema?.type ?? parameter.schema?.enum).toBeDefined();
    }
  });

  it('describes the success response of every operation, in words or by its schema', () => {
    const undescribed: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods)) {
        operations += 1;
        const success = Object.entries(operation.responses ?? {}).filter(([code]) =>
          code.startsWith('2'),
        );
        if (!success.length || success.some(([, r]) => !r.description?.trim() && !r.content))
          undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    expect(operations).toBeGreaterThan(50);
    expect(undescribed).toEqual([]);
  });

  it.each(['CaseDto', 'IncidentDto', 'PersonDto'])(
    'describes every property of %s and of the schemas it embeds',
    (root) => {
      const seen = new Set<string>();
      const undocumented: string[] = [];
      const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        const schema = doc.components.schemas[name];
        expect(schema?.properties).toBeDefined();
        for (const [property, value] of Object.entries(schema.properties!)) {
          const typed = Boolean(value.type ?? refName(value) ?? value.enum);
          if (!typed || !value.description?.trim()) undocumented.push(`${name}.${property}`);
          const embedded = refName(value);
          if (embedded) visit(embedded);
        }
      };
      visit(root);
      expect(undocumented).toEqual([]);
    },
  );
});
