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
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  let fields = 0;
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !set ||
    set.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return ++fields <= limit && walk(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      return walk(fragments.get(selection.name.value));
    });
  return walk(selectionSet);
}

/** What a query document compiled to, by operation name; null when it could not be compiled. */
type Compiled = Map<string | null, CompiledQuery | null>;

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
 * as before) go to graphql-js's executor. Given to
 * Apollo Server as its gateway, with the schema as Nest built it (`use`).
 */
export class CompiledExecution implements Gateway {
  private schema?: GraphQLSchema;
  private readonly listeners = new Set<SchemaListener>();
  private readonly compiled = new WeakMap<DocumentNode, Compiled>();

  /** Takes the schema to execute against (the GraphQL module's transformSchema), as it is. */
  readonly use = (schema: GraphQLSchema): GraphQLSchema => {
    this.schema = schema;
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
      operation?.operation === 'query'
        ? this.compiledQuery(schema, document, operation, operationName)
        : null;
    const fits =
      compiled && !getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors;
    if (!compiled || !fits)
      return execute({
        schema,
        document,
        operationName,
        contextValue: context,
        variableValues: variables,
      });
    const result = await compiled.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlError) } : result;
  }

  private compiledQuery(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null,
  ): CompiledQuery | null {
    let byOperation = this.compiled.get(document);
    if (!byOperation) this.compiled.set(document, (byOperation = new Map()));
    let compiled = byOperation.get(operationName);
    if (compiled === undefined) {
      const result = selectsAtMost(document, operation.selectionSet, MAX_COMPILED_FIELDS)
        ? compileQuery(schema, document, operationName ?? undefined)
        : null;
      compiled = result && isCompiledQuery(result) ? result : null;
      byOperation.set(operationName, compiled);
    }
    return compiled;
  }
}
