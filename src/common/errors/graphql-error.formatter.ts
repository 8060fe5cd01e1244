import type { ApolloServerPlugin } from '@apollo/server';
import { HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { RETRY_AFTER_SECONDS } from './database-unavailable.js';
import { DomainError, FieldProblem } from './domain-error.js';
import { GRAPHQL_CODE, reason, toErrorBody } from './error-mapping.js';

const logger = new Logger('GraphQLError');

/** Why a document was refused, in the words of the limit that refused it (graphql-limits.ts). */
const REASONS: [RegExp, string][] = [
  [/depth limit/i, 'query_too_deep'],
  [/aliases limit/i, 'too_many_aliases'],
  [/directives limit/i, 'too_many_directives'],
  // graphql-js writes "more that N tokens".
  [/more th(?:an|at) \d+ tokens/i, 'query_too_long'],
  [/cost of \d+ exceeds/i, 'query_too_costly'],
];

/** The reason code of a document refused by one of the GraphQL limits, if it was. */
const limitReason = (message: string): string | undefined =>
  REASONS.find(([pattern]) => pattern.test(message))?.[1];

const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

/**
 * The field a schema-level input error is about. graphql-js says it only in its message:
 * `Variable "$input" got invalid value … at "input.victims[1].outcome"; Value … does not exist …`,
 * `Variable "$id" of required type "ID!" was not provided.`, `Field "nickname" is not defined by
 * type "PersonInput".` Paths inside a variable drop the variable's name, as the services' own
 * details do (`victims[1].outcome`); a variable that is wrong as a whole is named after itself.
 */
export function inputProblems(message: string): FieldProblem[] {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  const at = / at "\w+((?:\.\w+|\[\d+\])+)"; /.exec(message)?.[1];
  const named =
    /Field "(\w+)" is not defined by type/.exec(message)?.[1] ??
    /Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1] ??
    /argument "(\w+)" of type "[^"]+" is required, but it was not provided/.exec(message)?.[1];
  let field = at?.replace(/^\./, '') ?? '';
  if (named) field = field ? `${field}.${named}` : named;
  else if (!field && variable) field = variable;
  if (!field) return [];
  return [{ field, message: message.split('; ').at(-1) ?? message }];
}

/**
 * Errors Apollo raises about the request itself, before any resolver runs: a document that does not
 * parse, break a rule or a limit, names no runnable operation, or asks for a persisted query.
 */
const REQUEST_CODES = new Set([
  ...APOLLO_INPUT_CODES,
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);
/** Apollo clients recognise these codes and fall back to sending the whole query. */
const KEPT_CODES = new Set(['PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_FOUND']);

/** The HTTP status Apollo answers an error raised about the request with, when it is a 4xx. */
function requestStatus(error: unknown): number | undefined {
  if (!(error instanceof GraphQLError) || error.originalError) return undefined;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Which part of the request a request-level error is about, when its message does not say. */
function requestProblems(message: string, apolloCode: string | undefined): FieldProblem[] {
  const field =
    limitReason(message) || apolloCode === 'GRAPHQL_PARSE_FAILED'
      ? 'query'
      : apolloCode === 'OPERATION_RESOLUTION_FAILURE'
        ? 'operationName'
        : apolloCode?.startsWith('PERSISTED_QUERY') || /persisted query|sha/i.test(message)
          ? 'extensions.persistedQuery'
          : undefined;
  return field ? [{ field, message }] : [];
}

/**
 * The GraphQL side of the error mapping: the same statusCode, code, message and details as REST,
 * carried in `extensions`.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const apolloCode = formatted.extensions?.code as string | undefined;
  const status = requestStatus(error);
  if (
    !(original instanceof DomainError) &&
    ((apolloCode && REQUEST_CODES.has(apolloCode)) || status !== undefined)
  ) {
    // Schema-level input errors (unknown field, wrong type) found by GraphQL itself, and requests
    // refused before they ran.
    const details = inputProblems(formatted.message);
    const statusCode = status ?? 400;
    return {
      ...formatted,
      extensions: {
        code: apolloCode && KEPT_CODES.has(apolloCode) ? apolloCode : 'BAD_USER_INPUT',
        statusCode,
        error: reason(statusCode),
        reason:
          limitReason(formatted.message) ??
          (apolloCode && REQUEST_CODES.has(apolloCode) && apolloCode !== 'BAD_USER_INPUT'
            ? apolloCode.toLowerCase()
            : 'invalid_input'),
        details: details.length ? details : requestProblems(formatted.message, apolloCode),
      },
    };
  }
  const body = toErrorBody(original);
  if (body.statusCode === 503)
    logger.warn(`${body.code}: ${original instanceof Error ? original.message : ''}`);
  else if (body.statusCode >= 500)
    logger.error(original instanceof Error ? original.stack : String(original));
  const code =
    original instanceof DomainError
      ? GRAPHQL_CODE[original.kind]
      : body.statusCode === 503
        ? GRAPHQL_CODE.unavailable
        : body.statusCode >= 500
          ? 'INTERNAL_SERVER_ERROR'
          : 'BAD_REQUEST';
  return {
    message: body.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code,
      statusCode: body.statusCode,
      error: body.error,
      reason: body.code,
      details: body.details,
    },
  };
}

/**
 * The HTTP status of a GraphQL answer. A request refused before it ran (no `data` at all) answers
 * with the 4xx its error carries in `statusCode` (Apollo answers some of them, persisted queries,
 * with a 200). An answer any of whose errors says the database is unavailable is a 503 with
 * `Retry-After`, as on every REST route, so that clients and proxies retry it. Any other executed
 * operation answers 200 with its errors in the body (the GraphQL-over-HTTP convention; the
 * driver's own reset to 200 is turned off in app.module.ts so that the 503 can stand).
 */
export const requestErrorStatus: ApolloServerPlugin = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        if (!result) return Promise.resolve();
        const statuses = (result.errors ?? []).map((error) => error.extensions?.statusCode);
        if (statuses.includes(HttpStatus.SERVICE_UNAVAILABLE)) {
          response.http.status = HttpStatus.SERVICE_UNAVAILABLE;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        } else if ('data' in result) {
          response.http.status = HttpStatus.OK;
        } else {
          const status = statuses[0];
          if (
            typeof status === 'number' &&
            status >= 400 &&
            status < 500 &&
            (response.http.status ?? 200) < 400
          )
            response.http.status = status;
        }
        return Promise.resolve();
      },
    }),
};
