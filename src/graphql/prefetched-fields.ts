import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Prefetched } from '../cases/case-graph.sql.js';
import { todayIso } from '../common/errors/problems.js';
import type { Scheme } from '../statuses/status.enums.js';
import { currentStatus } from '../statuses/statuses.service.js';

type Parent = { id: string; prefetched?: Prefetched } | null | undefined;
type Args = Record<string, unknown>;

/** Fields whose value a page's statement may have read with their parent, under that name. */
const READ_WITH_PARENT: Record<string, (keyof Prefetched)[]> = {
  Case: ['person', 'incident', 'classifications'],
  Incident: ['country', 'cases'],
};

const absent = (value: unknown) => value === undefined || value === null;

const DAY = 86_400_000;
let today = { date: '', from: 0, until: 0 };
/** Today's date in UTC, worked out again only when the day changes (a page asks it per case). */
export function todayUtc(): string {
  const now = Date.now();
  if (now < today.from || now >= today.until) {
    const from = Math.floor(now / DAY) * DAY;
    today = { date: todayIso(), from, until: from + DAY };
  }
  return today.date;
}

/**
 * Case.status without asOf and knownAsOf is the current status, read with the page for readers
 * who see the public's (see CaseGraphService); any other query goes to the field's resolver.
 */
function statusReadWithParent(parent: Parent, args: Args) {
  const read = parent?.prefetched?.currentStatus;
  if (!read || !absent(args.asOf) || !absent(args.knownAsOf)) return undefined;
  const scheme = (args.scheme ?? 'unesco') as Scheme;
  return currentStatus(parent.id, scheme, read[scheme], todayUtc());
}

/**
 * Puts in front of the resolvers of the fields above a check for the value read with the parent
 * (case-graph.sql.ts): when there, it is the answer, given at once, without a DataLoader, a
 * promise or Nest's argument pipeline; otherwise the field's resolver runs as before. Applied to
 * the schema as built (GraphQL module's transformSchema).
 */
export function answerReadWithParent(schema: GraphQLSchema): GraphQLSchema {
  const wrap = (
    typeName: string,
    fieldName: string,
    read: (parent: Parent, args: Args) => unknown,
  ) => {
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    const resolve = field?.resolve;
    if (!field || !resolve) throw new Error(`${typeName}.${fieldName} has no resolver to front`);
    const fronted: GraphQLFieldResolver<Parent, unknown, Args> = (parent, args, context, info) => {
      const value = read(parent, args);
      return absent(value) ? resolve(parent, args, context, info) : value;
    };
    field.resolve = fronted;
  };
  for (const [typeName, fields] of Object.entries(READ_WITH_PARENT))
    for (const name of fields) wrap(typeName, name, (parent) => parent?.prefetched?.[name]);
  wrap('Case', 'status', statusReadWithParent);
  return schema;
}
