import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, FieldProblem } from './domain-error.js';
import { GRAPHQL_CODE, toErrorBody } from './error-mapping.js';

const logger = new Logger('GraphQLError');
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
 * The GraphQL side of the error mapping: the same statusCode, code, message and details as REST,
 * carried in `extensions`.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const apolloCode = formatted.extensions?.code as string | undefined;
  if (!(original instanceof DomainError) && apolloCode && APOLLO_INPUT_CODES.has(apolloCode)) {
    // Schema-level input errors (unknown field, wrong type) found by GraphQL itself.
    return {
      ...formatted,
      extensions: {
        code: 'BAD_USER_INPUT',
        statusCode: 400,
        details: inputProblems(formatted.message),
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
