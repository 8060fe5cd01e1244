import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_RULE, AccessRule } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = NonNullable<OperationObject['parameters']>[number];
type ReferenceObject = Extract<Parameter, { $ref: string }>;
type ParameterObject = Exclude<Parameter, ReferenceObject>;

const upperFirst = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Names that the general rule below would not make well. */
const OPERATION_IDS: Record<string, string> = {
  'AuditController.list': 'listAuditEntries',
  'CasesController.setClassification': 'setCaseClassification',
  'CasesController.removeClassification': 'removeCaseClassification',
  'CountriesController.regions': 'listRegions',
  'DgRequestsController.cycles': 'listDgCycles',
  'DgRequestsController.createCycle': 'createDgCycle',
  'DgRequestsController.cycle': 'getDgCycle',
  'DgRequestsController.requests': 'listDgRequests',
  'DgRequestsController.generate': 'createDgRequests',
  'DgRequestsController.responseRates': 'getDgCycleResponseRates',
  'DgRequestsController.request': 'getDgRequest',
  'DgRequestsController.addCases': 'addDgRequestCases',
  'DgRequestsController.removeCase': 'removeDgRequestCase',
  'DgRequestsController.send': 'sendDgRequest',
  'DgRequestsController.respond': 'recordDgResponse',
  'DgRequestsController.stateHistory': 'getStateDgHistory',
  'DgRequestsController.caseHistory': 'getCaseDgHistory',
  'ExportsController.export': 'exportDataset',
  'HealthController.check': 'getHealth',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'HeldRecordsController.list': 'listHeldImportRecords',
  'HeldRecordsController.resolve': 'resolveHeldImportRecord',
  'ImportsController.start': 'startImport',
  'ImportsController.job': 'getImportJob',
  'ImportsController.rejects': 'getImportRejects',
  'MembersController.me': 'getMe',
  'MembersController.organisations': 'listOrganisations',
  'MembersController.organisation': 'getOrganisation',
  'MembersController.membersOf': 'listOrganisationMembers',
  'MembersController.member': 'getMember',
  'MembersController.keysOf': 'listApiKeys',
  'MembersController.createKey': 'createApiKey',
  'MembersController.revokeKey': 'revokeApiKey',
  'MetricsController.render': 'getMetrics',
  'ProposalsController.accept': 'acceptProposal',
  'ProposalsController.reject': 'rejectProposal',
  'StatisticsController.published': 'listPublishedFigures',
  'StatisticsController.addPublished': 'addPublishedFigure',
  'StatusesController.history': 'getStatusHistory',
  'StatusesController.append': 'addStatusEntry',
  'StatusesController.status': 'getCaseStatus',
  'StatusesController.proceedings': 'listProceedings',
  'TaxonomyController.attackTypes': 'listAttackTypes',
  'TaxonomyController.perpetratorTypes': 'listPerpetratorTypes',
};

/** What each group of operations is about (the controllers' @ApiTags). */
const TAGS: Record<string, string> = {
  countries: 'Countries and their regions under each scheme (UNESCO, CPJ, …)',
  'reference data': 'Attack types and perpetrator types',
  people: 'Journalists and media workers, each with their names, roles and outlets',
  incidents: 'Events (a place and a date) with their victims',
  cases: 'One person in one incident: what happened, monitors’ classifications, retractions',
  'judicial status': 'Each case’s judicial status over time, and its court proceedings',
  'UNESCO DG requests': 'The Director-General’s yearly requests to states and their answers',
  imports: 'Files from monitors and this tracker’s own format, imported as jobs',
  exports: 'The record as CSV or NDJSON files, with the case list’s filters',
  statistics:
    'Figures with their definition, scope and dataset revision; published reference figures',
  citations: 'Frozen figures with a permanent URL',
  audit: 'Who wrote what, when, through which request',
  'organisations and keys': 'Member organisations, their members and API keys',
  proposals: 'What members file, for reviewers to accept or reject',
  operations: 'Health checks and metrics for operators',
};

/** What the access rule means for a caller, said in each operation's description. */
function accessSentence(rule: AccessRule): string {
  return rule === 'public'
    ? 'Public: no key needed. A reviewer’s or administrator’s key also shows confidential data.'
    : `Needs an API key with the role ${rule.join(' or ')}.`;
}

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * Query filters lose their examples, kept in their descriptions: Swagger UI's "Try it out" fills
 * every parameter with its example, and the case list's examples together match nothing.
 */
function moveFilterExamples(parameters: Parameter[]): void {
  for (const parameter of parameters) {
    if (isReference(parameter) || parameter.in !== 'query' || parameter.required) continue;
    const schema =
      parameter.schema && !isReference(parameter.schema) ? parameter.schema : undefined;
    const example: unknown = parameter.example ?? schema?.example;
    if (example === undefined) continue;
    delete parameter.example;
    if (schema) delete schema.example;
    const said = `Example: ${JSON.stringify(example)}`;
    parameter.description = parameter.description ? `${parameter.description}. ${said}` : said;
  }
}

/** A header read with @Headers() is listed as required; the documented one (optional) stays. */
function dropUndocumentedHeaders(parameters: Parameter[]): Parameter[] {
  const documented = new Set(
    parameters
      .filter((p): p is ParameterObject => !isReference(p) && p.in === 'header' && !!p.description)
      .map((p) => p.name.toLowerCase()),
  );
  return parameters.filter(
    (p) =>
      isReference(p) ||
      p.in !== 'header' ||
      !!p.description ||
      !documented.has(p.name.toLowerCase()),
  );
}

/** The resource a controller serves, plural and singular (`PeopleController`: People, Person). */
function resourceOf(controllerKey: string): { plural: string; singular: string } {
  const plural = controllerKey.replace(/Controller$/, '');
  if (plural === 'People') return { plural, singular: 'Person' };
  return { plural, singular: plural.replace(/ies$/, 'y').replace(/s$/, '') };
}

/**
 * A friendly operationId (`listCases`, `getCase`, `updatePerson`, `getImpunityShare`), which client
 * generators turn into method names: Nest's default is `CasesController_list`.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const named = OPERATION_IDS[`${controllerKey}.${methodKey}`];
  if (named) return named;
  const { plural, singular } = resourceOf(controllerKey);
  switch (methodKey) {
    case 'list':
      return `list${plural}`;
    case 'get':
    case 'create':
    case 'update':
    case 'delete':
    case 'retract':
      return `${methodKey}${singular}`;
    case 'history':
      return `get${singular}History`;
  }
  // A verb of its own (proposeCase, createMember, removeMember) stands; a noun is read (killings).
  return /^(create|add|remove|propose|revoke|send|resolve|start|record|set)[A-Z]/.test(methodKey)
    ? methodKey
    : `get${upperFirst(methodKey)}`;
}

/** Each operationId's access rule, read from the controllers' decorators. */
function accessRules(app: INestApplication): Map<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const classRule = Reflect.getMetadata(ACCESS_RULE, metatype) as AccessRule | undefined;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const methodKey of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[methodKey];
        if (methodKey === 'constructor' || typeof method !== 'function') continue;
        const rule =
          (Reflect.getMetadata(ACCESS_RULE, method) as AccessRule | undefined) ?? classRule;
        if (rule) rules.set(operationId(metatype.name, methodKey), rule);
      }
    }
  }
  return rules;
}

/**
 * The OpenAPI document of the REST API (served at /docs-json, written to dist/openapi.json by the
 * build): friendly operationIds, and each operation's security as its access rule says. A public
 * operation may be called without a key or with one (a reviewer's key shows more).
 */
/**
 * A body documented as a file (`format: binary`) applies to every media type the operation takes;
 * sent as multipart/form-data, the file is the form's `file` field and the options are fields of
 * the same names as the query parameters.
 */
function describeMultipartUpload(operation: OperationObject): void {
  const body = operation.requestBody;
  const form = body && 'content' in body ? body.content['multipart/form-data'] : undefined;
  if (!form) return;
  form.schema = {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'The file itself' } },
    additionalProperties: {
      type: 'string',
      description: 'An option, named as the query parameter (a parameter in the URL wins)',
    },
  };
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Impunity case tracker')
      .setDescription(
        'Killings of and attacks on journalists, the judicial status of each case over time, states’ answers to UNESCO, ' +
          'and citable statistics. Reads of published data are public; writes need an API key (Authorization: Bearer …). ' +
          'Errors share one shape: statusCode, error, code, message, details[] (one entry per bad field).',
      )
      .setVersion('1')
      .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .setContact('Impunity case tracker', '', '')
      .addServer('/', 'This server')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A member’s API key' })
      // The access guard checks a key wherever one is sent, so any route can answer 401.
      .addGlobalResponse({
        status: 401,
        type: ErrorResponseDto,
        description:
          'The Authorization header is malformed or holds an unknown key, or the route needs a key',
      })
      .build(),
    { operationIdFactory: operationId },
  );
  document.info.contact = { name: 'Impunity case tracker' };
  const rules = accessRules(app);
  const tags = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const value of Object.values(path)) {
      if (typeof value !== 'object' || value === null || !('responses' in value)) continue;
      const operation = value as OperationObject;
      const rule = rules.get(operation.operationId ?? '');
      if (rule === 'public') operation.security = [{}, { bearer: [] }];
      else if (rule) operation.security = [{ bearer: [] }];
      if (rule)
        operation.description = [operation.description, accessSentence(rule)]
          .filter(Boolean)
          .join('\n\n');
      if (operation.parameters) {
        operation.parameters = dropUndocumentedHeaders(operation.parameters);
        moveFilterExamples(operation.parameters);
      }
      describeMultipartUpload(operation);
      for (const tag of operation.tags ?? []) tags.add(tag);
    }
  }
  document.tags = [...tags].map((name) => ({ name, description: TAGS[name] ?? name }));
  return document;
}
