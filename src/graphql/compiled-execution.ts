import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  getVariableValues,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { canSeeConfidential } from '../common/auth/principal.js';
import type { GraphqlContext } from './graphql-context.js';
import { holdsSplices } from './spliced-json.js';
import { fragmentsOf, spliceOperation, withSplicedPages } from './spliced-pages.js';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type SchemaListener = Parameters<Gateway['onSchemaLoadOrUpdate']>[0];
type Request = Parameters<Executor>[0];

/**
 * The most fields (fragments expanded) a compiled operation may select. Compiling costs about
 * 0.1 ms per field, once per document: a page's query (some 50) compiles in a few milliseconds,
 * while an answer shaped of tens of thousands of fields would hold the event loop for seconds.
 * Larger operations run on graphql-js.
 */
const MAX_COMPILED_FIELDS = 500;

/** Whether the operation selects at most `limit` fields, its fragments expanded. */
export function selectsAtMost(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  limit: number,
): boolean {
  const fragments = fragmentsOf(document);
  let fields = 0;
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !set ||
    set.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return ++fields <= limit && walk(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      return walk(fragments.get(selection.name.value)?.selectionSet);
    });
  return walk(selectionSet);
}

/**
 * What an operation of a query document compiled to (null: it could not be), as it is and with
 * its pages' cases written by PostgreSQL (spliced; null: none can be).
 */
interface CompiledOperation {
  plain?: CompiledQuery | null;
  spliced?: { query: CompiledQuery; readsStatus: boolean } | null;
}

/** Whether the caller is known to read what the public reads (no confidential entries). */
async function readsPublic(context: Partial<GraphqlContext>): Promise<boolean> {
  const request = context.req;
  if (!request) return false;
  if (!request.headers.authorization) return true;
  // Identified before the operation runs (see rate-limits.ts), or not known yet.
  const caller = await request.identifying?.catch(() => undefined);
  return caller !== undefined && !canSeeConfidential(caller);
}

/**
 * A located error of graphql-jit's as graphql-js writes it: graphql-jit's own errors pass for
 * graphql-js's (instanceof) but lack what Apollo's formatting reads, such as `extensions`.
 */
function asGraphqlError(error: GraphQLError): GraphQLError {
  const jit = error as { message: string; path?: readonly (string | number)[] } & Partial<
    Pick<GraphQLError, 'locations' | 'originalError' | 'extensions'>
  >;
  const converted = new GraphQLError(jit.message, {
    path: jit.path,
    originalError: jit.originalError ?? undefined,
    extensions: jit.extensions,
  });
  // graphql-js works locations out from AST nodes, which graphql-jit's errors no longer carry.
  Object.defineProperty(converted, 'locations', { value: jit.locations, enumerable: true });
  return converted;
}

/**
 * Runs queries as JavaScript compiled from each document (graphql-jit), instead of walking the
 * document for every value of the answer as graphql-js does: a page of 50 cases is some 2,500
 * fields. Apollo Server parses, validates and limits a document as before and keeps it while it is
 * asked (its document store); its compiled form lives as long. Mutations, which run their fields
 * one after another, operations of more than MAX_COMPILED_FIELDS fields, a document graphql-jit
 * cannot compile, and variables that do not fit their types (so that the error names the field
 * as before) go to graphql-js's executor. A query with pages of cases PostgreSQL can write whole
 * has a second compiled form, on the execution schema, that puts the text it wrote into the
 * answer (spliced-pages.ts); it runs unless a page holds current statuses and the caller may see
 * confidential ones (or is not identified yet). Given to Apollo Server as its gateway, with the
 * schema as Nest built it (`use`).
 */
export class CompiledExecution implements Gateway {
  private schema?: GraphQLSchema;
  /** The schema compiled queries run on: the API's and the field spliced pages stand on. */
  private executionSchema?: GraphQLSchema;
  private readonly listeners = new Set<SchemaListener>();
  private readonly compiled = new WeakMap<DocumentNode, Map<string | null, CompiledOperation>>();

  /** Takes the schema to execute against (the GraphQL module's transformSchema), as it is. */
  readonly use = (schema: GraphQLSchema): GraphQLSchema => {
    this.schema = schema;
    this.executionSchema = withSplicedPages(schema);
    return schema;
  };

  onSchemaLoadOrUpdate(listener: SchemaListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(): Promise<{ executor: Executor }> {
    const apiSchema = this.schema;
    if (!apiSchema) throw new Error('The GraphQL schema was not built before the server started');
    for (const listener of this.listeners) listener({ apiSchema, coreSupergraphSdl: '' });
    return Promise.resolve({ executor: (request) => this.execute(apiSchema, request) });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private async execute(schema: GraphQLSchema, request: Request): Promise<ExecutionResult> {
    const { document, operation, context } = request;
    // The name the client sent (the gateway's `operationName` is that of the operation found).
    const { operationName = null, variables = {} } = request.request;
    // Without an operation (none of that name, or several and no name), graphql-js says why.
    const compiled =
      operation?.operation === 'query' ? this.compiledOperation(document, operationName) : null;
    const plain = compiled && this.plain(compiled, document, operation!, operationName);
    const fits =
      plain && !getVariableValues(schema, operation!.variableDefinitions ?? [], variables).errors;
    if (!plain || !fits)
      return execute({
        schema,
        document,
        operationName,
        contextValue: context,
        variableValues: variables,
      });
    const spliced = this.spliced(compiled, document, operation!, operationName);
    const splice = spliced && (!spliced.readsStatus || (await readsPublic(context)));
    const query = splice ? spliced.query : plain;
    const result = await query.query(undefined, context, variables);
    if (splice && result.data) holdsSplices(result.data);
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlError) } : result;
  }

  private compiledOperation(document: DocumentNode, operationName: string | null) {
    let byOperation = this.compiled.get(document);
    if (!byOperation) this.compiled.set(document, (byOperation = new Map()));
    let compiled = byOperation.get(operationName);
    if (!compiled) byOperation.set(operationName, (compiled = {}));
    return compiled;
  }

  private plain(
    compiled: CompiledOperation,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null,
  ): CompiledQuery | null {
    if (compiled.plain === undefined)
      compiled.plain = this.compiledQuery(this.schema!, document, operation, operationName);
    return compiled.plain;
  }

  /** The operation with its pages' cases written by PostgreSQL, when some can be. */
  private spliced(
    compiled: CompiledOperation,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null,
  ) {
    if (compiled.spliced === undefined) {
      const spliced = spliceOperation(this.executionSchema!, document, operation);
      const query =
        spliced &&
        this.compiledQuery(
          this.executionSchema!,
          spliced.document,
          spliced.document.definitions[
            document.definitions.indexOf(operation)
          ] as OperationDefinitionNode,
          operationName,
        );
      compiled.spliced = query ? { query, readsStatus: spliced.readsStatus } : null;
    }
    return compiled.spliced;
  }

  /** The operation compiled for `schema`: the API's, or the execution schema for a spliced one. */
  private compiledQuery(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null,
  ): CompiledQuery | null {
    if (!selectsAtMost(document, operation.selectionSet, MAX_COMPILED_FIELDS)) return null;
    const result = compileQuery(schema, document, operationName ?? undefined);
    return isCompiledQuery(result) ? result : null;
  }
}
