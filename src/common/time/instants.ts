import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * One way to write an instant everywhere (REST, GraphQL, exports, the audit trail): RFC 3339 in
 * UTC with milliseconds and `Z`, as JavaScript's toISOString() writes it (2026-12-06T20:39:47.397Z).
 */
export const INSTANT_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A calendar date: YYYY-MM-DD. */
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** SQL writing a timestamptz column as an instant in the one format (for JSON built in SQL). */
export const instantSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** An instant (a Date, or any ISO 8601 text PostgreSQL or a client wrote) in the one format. */
export function toInstant(value: unknown): string {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new TypeError(`not an instant: ${JSON.stringify(value)}`);
  return date.toISOString();
}

/** GraphQL's DateTime: serialises a Date or ISO 8601 text (any offset) as an instant in UTC. */
function parseInstant(value: unknown): Date {
  try {
    return new Date(toInstant(value));
  } catch {
    throw new GraphQLError('must be an ISO 8601 instant, such as 2026-12-06T20:39:47.397Z');
  }
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, RFC 3339 in UTC with milliseconds, such as 2026-12-06T20:39:47.397Z',
  // Text already in the one format (instants written by instantSql) is sent as it is.
  serialize: (value) =>
    typeof value === 'string' && INSTANT_FORMAT.test(value) ? value : toInstant(value),
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('an instant is written as a string');
    return parseInstant(ast.value);
  },
});

function calendarDate(value: unknown): string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string' || !DATE_FORMAT.test(text) || !isRealDate(text))
    throw new GraphQLError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return text;
}

/** Whether YYYY-MM-DD text names a day of the (proleptic Gregorian) calendar. */
function isRealDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** GraphQL's Date: a calendar date, YYYY-MM-DD, with no time and no zone. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD',
  serialize: calendarDate,
  parseValue: calendarDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('a date is written as a string');
    return calendarDate(ast.value);
  },
});
