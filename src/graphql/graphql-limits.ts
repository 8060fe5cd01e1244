import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { requestErrorStatus } from '../common/errors/graphql-error.formatter.js';
import type { GraphqlLimits } from '../config/limits-config.js';

/** Page size assumed for a paged field asked without `first` (the lists' default page). */
const DEFAULT_PAGE = 50;
/**
 * The largest page any list serves: a larger `first` is refused by the list itself, naming
 * `first`, so it is counted at this size here.
 */
const LARGEST_PAGE = 1000;
/**
 * Items assumed in a list that is not paged (an incident's victims, a case's status history):
 * most hold a handful, and the heaviest (the Ampatuan massacre's 58 victims) stays well under the
 * limit on its own; it is the product of such lists nested in one another that is refused.
 */
const UNPAGED_LIST = 10;

/**
 * Counts the values an answer may hold: each field is one, a paged field (`first`) multiplies
 * what it holds by its page size, and any other list by UNPAGED_LIST. A page type's `data` list
 * is already counted by the field that returned the page.
 */
const answerSize: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const returned = getNullableType(field.type);
  if (field.args.some((arg) => arg.name === 'first'))
    return (
      1 +
      (typeof args.first === 'number'
        ? Math.min(LARGEST_PAGE, Math.max(1, args.first))
        : DEFAULT_PAGE) *
        childComplexity
    );
  if (isListType(returned) && isObjectType(getNamedType(returned))) {
    const pageData = type.name.endsWith('Page') && field.name === 'data';
    return 1 + (pageData ? 1 : UNPAGED_LIST) * childComplexity;
  }
  return 1 + childComplexity;
};

/**
 * Refuses, before anything runs, operations whose answer could hold more than `maxCost` values.
 * Run once the operation is known, so that page sizes given as variables count.
 */
function answerSizeLimit(maxCost: number): ApolloServerPlugin {
  // Apollo keeps one parsed document per query text, so the cost of a document with the same
  // operation and variables is worked out once (a few per document, for pages that poll).
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): number => {
    const key = JSON.stringify([operationName ?? null, variables ?? {}]);
    const known = costs.get(document) ?? new Map<string, number>();
    let cost = known.get(key);
    if (cost === undefined) {
      cost = getComplexity({
        schema,
        query: document,
        variables,
        operationName: operationName ?? undefined,
        estimators: [answerSize],
      });
      if (known.size >= 20) known.clear();
      known.set(key, cost);
      costs.set(document, known);
    }
    return cost;
  };
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document, schema }) => {
          let cost: number;
          try {
            cost = costOf(schema, document, request.variables, request.operationName);
          } catch {
            // Variables that do not fit their types: execution refuses them, naming the field.
            return Promise.resolve();
          }
          if (cost > maxCost)
            throw new GraphQLError(
              `The answer to this operation could hold ${cost} values; the cost of ${cost} exceeds the limit of ${maxCost}. Ask for fewer fields, smaller pages or less nesting.`,
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
            );
          return Promise.resolve();
        },
      }),
  };
}

/**
 * The limits a GraphQL document must meet (GraphQL Armor's depth, alias and directive rules;
 * graphql-js's token count; the answer-size estimate above), as Apollo Server options.
 */
export function graphqlLimits(limits: GraphqlLimits): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: 50 },
    // Counted by answerSizeLimit instead, which sees page sizes given as variables.
    costLimit: { enabled: false },
    // Tokens are counted by graphql-js's own parser (parseOptions below).
    maxTokens: { enabled: false },
    // Suggestions name fields; with introspection on they tell nothing more.
    blockFieldSuggestion: { enabled: !limits.introspection },
  }).protect();
  return {
    validationRules: armor.validationRules,
    // Armor declares its plugins with the CommonJS build's types of @apollo/server.
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin[]),
      answerSizeLimit(limits.maxCost),
      requestErrorStatus,
    ],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

/**
 * The same options without Apollo's cache-control plugin, which Apollo Server installs unless told
 * not to: it wraps the resolver of every field of every answer to gather cache hints that no type
 * here declares, a call per value for nothing.
 */
export function withoutCacheHints<T extends { plugins: ApolloServerPlugin[] }>(options: T): T {
  return { ...options, plugins: [...options.plugins, ApolloServerPluginCacheControlDisabled()] };
}
