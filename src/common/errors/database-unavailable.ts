/**
 * Failures that say the database cannot serve now (down, restarting, unreachable, out of
 * connections, or a bound of ours reached), as opposed to a caller's mistake or a bug. They are a
 * 503 with Retry-After: the service recovers by itself and the same request then succeeds.
 */

/** Seconds a client is asked to wait before retrying (the Retry-After header of every 503). */
export const RETRY_AFTER_SECONDS = 5;

/** SQLSTATE classes and codes of an unavailable (or overloaded) database. */
const UNAVAILABLE_SQLSTATES = [
  /^08/, // connection exception
  /^57P0[1-4]$/, // admin or crash shutdown, cannot connect now, database dropped
  /^53/, // insufficient resources (too many connections, out of memory, disk full)
  /^57014$/, // statement_timeout reached (also a cancelled query)
  /^55P03$/, // lock_timeout reached
  /^25P03$/, // idle_in_transaction_session_timeout ended the session
  /^40P01$/, // deadlock detected: PostgreSQL ended one of the two; a retry succeeds
];

/** Node's network errors on a database connection. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool say when a connection is lost or none can be had in time. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /^Driver not Connected$/,
  /Cannot use a pool after calling end on the pool/,
];

export type Unavailability = 'database_unavailable' | 'database_busy';

/** Whether `error` (or the driver error it wraps) means the database cannot serve now. */
export function databaseUnavailability(error: unknown): Unavailability | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_ERRNOS.has(code)) return 'database_unavailable';
      if (/^(57014|55P03|25P03|40P01|53300)$/.test(code)) return 'database_busy';
      if (UNAVAILABLE_SQLSTATES.some((pattern) => pattern.test(code)))
        return 'database_unavailable';
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message)))
      return /timeout exceeded/.test(message) ? 'database_busy' : 'database_unavailable';
    // GraphQL wraps what a resolver threw (originalError, or thrownValue for a value it does not
    // see as an Error); TypeORM wraps the driver's error.
    const wrapper = e as {
      originalError?: unknown;
      thrownValue?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    e = wrapper.originalError ?? wrapper.thrownValue ?? wrapper.driverError ?? wrapper.cause;
  }
  return undefined;
}
