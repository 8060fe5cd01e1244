import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';
import { GRAPHQL_CODE, toErrorBody } from './error-mapping.js';

const logger = new Logger('GraphQLError');
const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

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
    return { ...formatted, extensions: { code: 'BAD_USER_INPUT', statusCode: 400, details: [] } };
  }
  const body = toErrorBody(original);
  if (body.statusCode >= 500)
    logger.error(original instanceof Error ? original.stack : String(original));
  const code =
    original instanceof DomainError
      ? GRAPHQL_CODE[original.kind]
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
