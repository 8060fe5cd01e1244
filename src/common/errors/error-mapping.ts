import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { databaseUnavailability } from './database-unavailable.js';
import { DomainError, DomainErrorKind, FieldProblem } from './domain-error.js';

/** The one error body of the REST API (DESIGN §4); GraphQL carries the same in `extensions`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: FieldProblem[];
}

const STATUS: Record<DomainErrorKind, number> = {
  moved: HttpStatus.MOVED_PERMANENTLY,
  invalid_input: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  precondition_failed: HttpStatus.PRECONDITION_FAILED,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  precondition_required: HttpStatus.PRECONDITION_REQUIRED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** GraphQL `extensions.code` for each kind, in the spelling Apollo clients expect. */
export const GRAPHQL_CODE: Record<DomainErrorKind, string> = {
  moved: 'MOVED_PERMANENTLY',
  invalid_input: 'BAD_USER_INPUT',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  precondition_failed: 'PRECONDITION_FAILED',
  unprocessable: 'UNPROCESSABLE',
  precondition_required: 'PRECONDITION_REQUIRED',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** The reason phrase of an HTTP status: 400 → Bad Request. */
export const reason = (status: number) =>
  (HttpStatus[status] ?? 'ERROR')
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');

/**
 * PostgreSQL errors caused by a caller's input rather than by us. Services validate first, with
 * field names; these are the database's own guards behind them.
 */
function fromDatabase(error: QueryFailedError): ErrorBody | undefined {
  const driver = (error.driverError ?? {}) as {
    code?: string;
    constraint?: string;
    detail?: string;
  };
  const code = driver.code ?? '';
  const field = driver.constraint ?? 'input';
  if (code.startsWith('22') || code === '23514' || code === '23503' || code === '23502') {
    const message =
      code === '23503'
        ? 'refers to a record that does not exist'
        : code === '23514'
          ? 'breaks a rule of the data model'
          : 'is out of range or malformed';
    return {
      statusCode: 400,
      error: reason(400),
      code: 'invalid_input',
      message: `Invalid input: ${field} ${message}`,
      details: [{ field, message }],
    };
  }
  if (code === '23505') {
    return {
      statusCode: 409,
      error: reason(409),
      code: 'conflict',
      message: `Conflict: ${driver.detail ?? 'a record with these values exists already'}`,
      details: [{ field, message: 'must be unique' }],
    };
  }
  return undefined;
}

/** Turns anything thrown while serving a request into the common error body. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    const statusCode = STATUS[error.kind];
    return {
      statusCode,
      error: reason(statusCode),
      code: error.code,
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? error.message);
    return {
      statusCode,
      error: reason(statusCode),
      code: reason(statusCode).toLowerCase().replace(/ /g, '_'),
      message,
      details: [],
    };
  }
  const unavailable = databaseUnavailability(error);
  if (unavailable) {
    return {
      statusCode: 503,
      error: reason(503),
      code: unavailable,
      message:
        unavailable === 'database_busy'
          ? 'The database is busy (a time limit was reached): retry in a few seconds'
          : 'The database is not reachable: retry in a few seconds',
      details: [],
    };
  }
  if (error instanceof QueryFailedError) {
    const mapped = fromDatabase(error);
    if (mapped) return mapped;
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Errors raised by Fastify itself for malformed requests (bad JSON, wrong content type, too large).
    return {
      statusCode: status,
      error: reason(status),
      code: reason(status).toLowerCase().replace(/ /g, '_'),
      message: (error as Error).message,
      details: [],
    };
  }
  return {
    statusCode: 500,
    error: reason(500),
    code: 'internal_error',
    message: 'Internal server error',
    details: [],
  };
}
