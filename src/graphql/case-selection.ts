import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import {
  CASE_COLUMNS,
  COUNTRY_COLUMNS,
  INCIDENT_COLUMNS,
  PERSON_COLUMNS,
  type CaseSelection,
  type Columns,
  type IncidentSelection,
  type ObjectSelection,
} from '../cases/case-graph.sql.js';

/** Levels of cases nested in incidents read with a page (cases → incident → cases …). */
export const MAX_CASE_DEPTH = 2;
const CLASSIFICATION_FIELDS = new Set([
  'monitor',
  'externalId',
  'url',
  'included',
  'motive',
  'typeOfDeath',
  'condemnation',
  'recordedDate',
]);

/**
 * Fields answered by field resolvers that read only their object's keys (always read), by type.
 * A field missing here and without an SQL expression leaves its object to the loaders.
 */
const RESOLVED: Record<string, Set<string>> = {
  Case: new Set([
    'person',
    'incident',
    'classifications',
    'status',
    'confidentialDetails',
    'statusHistory',
    'proceedings',
    'cpj',
    'dgHistory',
  ]),
  Incident: new Set(['country', 'cases', 'confidentialDetails']),
  Person: new Set(['cases']),
  Country: new Set(),
};

/** The fields asked of `typeName` in the trees, by field name (aliases and fragments merged). */
function fieldsAsked(trees: ResolveTree[], typeName: string): Map<string, ResolveTree[]> | null {
  const fields = new Map<string, ResolveTree[]>();
  for (const tree of trees) {
    for (const [type, byAlias] of Object.entries(tree.fieldsByTypeName)) {
      if (type !== typeName) return null; // a fragment on an abstract type: left to the loaders
      for (const field of Object.values(byAlias)) {
        if (field.name !== '__typename')
          fields.set(field.name, [...(fields.get(field.name) ?? []), field]);
      }
    }
  }
  return fields;
}

/**
 * Works out, from a GraphQL selection, what a page's statement can read with its cases (see
 * case-graph.sql.ts): an object is read with its parent when every field asked of it either has
 * an SQL expression or is answered by a field resolver (which needs only the object's keys, always
 * read). Any other field leaves the object to its DataLoader, as does nesting past MAX_CASE_DEPTH.
 */
class SelectionPlanner {
  /**
   * The fields of an object of `typeName` to read; `related` plans the fields that read related
   * objects. Undefined when a field asked can be answered neither way.
   */
  private object(
    trees: ResolveTree[],
    typeName: string,
    columns: Columns,
    keys: string[],
    related: Record<string, (asked: ResolveTree[]) => void> = {},
    lenient = false,
  ): ObjectSelection | undefined {
    const asked = fieldsAsked(trees, typeName);
    if (!asked) return undefined;
    const fields = new Set(keys);
    for (const [name, trees] of asked) {
      if (columns[name]) fields.add(name);
      else if (related[name]) related[name](trees);
      else if (!lenient && !RESOLVED[typeName]?.has(name)) return undefined;
    }
    return { fields: [...fields] };
  }

  /**
   * A case and what to read with it. The page's own cases (`depth` 0) are read whatever is asked
   * of them: a field without an SQL expression is answered as the list answers it.
   */
  case(trees: ResolveTree[], depth: number): CaseSelection | undefined {
    const selection: Omit<CaseSelection, 'fields'> = {};
    const keys = depth === 0 ? Object.keys(CASE_COLUMNS) : ['id', 'incidentId', 'personId'];
    const base = this.object(
      trees,
      'Case',
      CASE_COLUMNS,
      keys,
      {
        person: (asked) =>
          (selection.person = this.object(asked, 'Person', PERSON_COLUMNS, ['id'])),
        incident: (asked) => (selection.incident = this.incident(asked, depth)),
        classifications: (asked) =>
          (selection.classifications = [
            ...(fieldsAsked(asked, 'MonitorClassification') ?? []),
          ].every(([name]) => CLASSIFICATION_FIELDS.has(name))),
        // Read whatever its arguments: the field answers from it only without asOf and knownAsOf.
        status: () => (selection.currentStatus = true),
      },
      depth === 0,
    );
    return base && { ...base, ...selection };
  }

  private incident(trees: ResolveTree[], depth: number): IncidentSelection | undefined {
    const selection: Omit<IncidentSelection, 'fields'> = {};
    const base = this.object(trees, 'Incident', INCIDENT_COLUMNS, ['id', 'countryCode'], {
      country: (asked) =>
        (selection.country = this.object(asked, 'Country', COUNTRY_COLUMNS, ['code'])),
      cases: (asked) =>
        (selection.cases = depth < MAX_CASE_DEPTH ? this.case(asked, depth + 1) : undefined),
    });
    return base && { ...base, ...selection };
  }
}

function planPage(info: GraphQLResolveInfo): CaseSelection {
  const tree = parseResolveInfo(info) as ResolveTree | null | undefined;
  const data = tree && fieldsAsked([tree], 'CasePage')?.get('data');
  const planned = data && new SelectionPlanner().case(data, 0);
  return planned || { fields: Object.keys(CASE_COLUMNS) };
}

// Apollo keeps one parsed document per query text: a field's plan is worked out once per set of
// variables (which @skip and @include may read).
const plans = new WeakMap<FieldNode, Map<string, CaseSelection>>();

/**
 * What to read with a page of cases for the `cases` field being resolved: every field of its
 * cases and the related objects planned above.
 */
export function casePageSelection(info: GraphQLResolveInfo): CaseSelection {
  if (info.fieldNodes.length !== 1) return planPage(info);
  const known = plans.get(info.fieldNodes[0]) ?? new Map<string, CaseSelection>();
  const key = JSON.stringify(info.variableValues);
  let plan = known.get(key);
  if (!plan) {
    plan = planPage(info);
    if (known.size >= 20) known.clear();
    known.set(key, plan);
    plans.set(info.fieldNodes[0], known);
  }
  return plan;
}
