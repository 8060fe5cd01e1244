import {
  extendSchema,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { ANSWER_COLUMNS, type Answer, type AnswerField } from '../cases/case-answer.sql.js';
import type { Scheme } from '../statuses/status.enums.js';
import { MAX_CASE_DEPTH } from './case-selection.js';
import type { SplicedJson } from './spliced-json.js';

/*
 * A page of cases whose selection PostgreSQL can write whole (case-answer.sql.ts) is answered with
 * the JSON text it wrote, put into the answer as it is: neither parsed into objects, nor walked
 * field by field, nor written as JSON again. The operation runs with each such `data` field
 * replaced by a field of the execution schema only, SPLICED, that answers that text under the same
 * key; the page's resolver finds there what to write (splicedPage).
 */

/** The field of CasePage, in the execution schema only, that answers a page's cases as JSON text. */
const SPLICED = '_splicedData';

/** Related objects an answer may hold: by type, the field and the type it answers. */
const RELATED: Record<string, Record<string, string>> = {
  Case: { person: 'Person', incident: 'Incident', classifications: 'MonitorClassification' },
  Incident: { country: 'Country', cases: 'Case' },
};

/** The longest key SQL writes: PostgreSQL cuts longer column names (NAMEDATALEN - 1 bytes). */
const LONGEST_KEY = 63;

/** What to write for a page's cases, by the field that stands for them. */
const plans = new WeakMap<FieldNode, Answer>();

/** A page's value as its resolver gives it with spliced cases. */
export interface SplicedPage {
  splicedData?: SplicedJson;
}

/**
 * The schema operations run on: the API's, with CasePage's SPLICED field (a scalar written as
 * is). Resolvers are kept as they are.
 */
export function withSplicedPages(schema: GraphQLSchema): GraphQLSchema {
  const extended = extendSchema(
    schema,
    parse(`scalar SplicedJson\nextend type CasePage { ${SPLICED}: SplicedJson }`),
  );
  const page = extended.getType('CasePage');
  if (!isObjectType(page)) throw new Error('CasePage is not an object type');
  page.getFields()[SPLICED].resolve = (value: SplicedPage) => value.splicedData;
  return extended;
}

/** Works out, from a document alone (never its variables' values), what PostgreSQL can write. */
class Analysis {
  /** Whether some answer holds a current status (read for readers who see the public's only). */
  readsStatus = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
  ) {}

  /**
   * The fields under each key of the selection sets for an object of `typeName`, fragments
   * expanded; null when a selection has a directive (it may depend on variables) or a fragment is
   * on another type.
   */
  private fieldsByKey(
    sets: readonly SelectionSetNode[],
    typeName: string,
  ): Map<string, FieldNode[]> | null {
    const byKey = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode): boolean =>
      set.selections.every((selection) => {
        if (selection.directives?.length) return false;
        if (selection.kind === Kind.FIELD) {
          const key = (selection.alias ?? selection.name).value;
          byKey.set(key, [...(byKey.get(key) ?? []), selection]);
          return true;
        }
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection
            : this.fragments.get(selection.name.value);
        return (
          !!fragment &&
          !fragment.directives?.length &&
          (!fragment.typeCondition || fragment.typeCondition.name.value === typeName) &&
          visit(fragment.selectionSet)
        );
      });
    return sets.every(visit) ? byKey : null;
  }

  /** What to write for an object of `typeName` the nodes select; null when SQL cannot write it. */
  answer(nodes: readonly FieldNode[], typeName: string, depth: number): Answer | null {
    const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    const byKey = this.fieldsByKey(sets, typeName);
    if (!byKey) return null;
    const answer: Answer = [];
    for (const [key, fields] of byKey) {
      if (key.length > LONGEST_KEY) return null;
      const field = this.field(fields, typeName, depth);
      if (!field) return null;
      answer.push([key, field]);
    }
    return answer;
  }

  private field(fields: FieldNode[], typeName: string, depth: number): AnswerField | null {
    const name = fields[0].name.value;
    if (name === '__typename') return { kind: 'typename' };
    if (typeName === 'Case' && name === 'status') return this.status(fields, depth);
    if (fields.some((field) => field.arguments?.length)) return null;
    if (Object.hasOwn(ANSWER_COLUMNS[typeName] ?? {}, name)) return { kind: 'column', field: name };
    const related = RELATED[typeName]?.[name];
    if (!related || (related === 'Case' && depth >= MAX_CASE_DEPTH)) return null;
    const answer = this.answer(fields, related, related === 'Case' ? depth + 1 : depth);
    return answer && { kind: 'related', field: name, answer };
  }

  /** Case.status in a scheme written as a literal, without asOf and knownAsOf: the current one. */
  private status(fields: FieldNode[], depth: number): AnswerField | null {
    const type = this.schema.getType('Case');
    const args = isObjectType(type) ? type.getFields().status.args : [];
    let scheme: Scheme = 'unesco';
    for (const node of fields[0].arguments ?? []) {
      const arg = args.find((a) => a.name === node.name.value);
      // Without variables, a variable's value is undefined.
      const value: unknown = arg && valueFromAST(node.value, arg.type);
      if (value === undefined) return null;
      if (arg?.name === 'scheme') scheme = (value ?? scheme) as Scheme;
      else if (value !== null) return null;
    }
    const answer = this.answer(fields, 'CaseStatus', depth);
    if (answer) this.readsStatus = true;
    return answer && { kind: 'status', scheme, answer };
  }
}

/** The document's fragments, by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
}

/** A copy of the nodes (their locations shared), which graphql-jit may annotate on its own. */
function copy<T>(node: T): T {
  if (Array.isArray(node)) return node.map(copy) as T;
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'loc' ? value : copy(value)]),
  ) as T;
}

/** A query whose pages' cases are written by PostgreSQL. */
export interface SplicedOperation {
  document: DocumentNode;
  /** Whether an answer holds current statuses, which only readers of the public's may be given. */
  readsStatus: boolean;
}

/**
 * The document with the `data` of each page of cases PostgreSQL can write replaced by SPLICED;
 * null when there is none. A page qualifies when it is a root `cases` field asked once, in an
 * operation without fragments or introspection at its root, with one `data` and no directive on
 * either, and every field under `data` is written by SQL.
 */
export function spliceOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): SplicedOperation | null {
  if (operation.operation !== 'query') return null;
  const analysis = new Analysis(schema, fragmentsOf(document));
  const keyOf = (s: SelectionNode) => (s.kind === Kind.FIELD ? (s.alias ?? s.name).value : null);
  const roots = operation.selectionSet.selections;
  // A fragment at the root could ask the same page's `data` again, merged with the one replaced;
  // introspection (__schema, __type) would show the execution schema.
  if (roots.some((root) => root.kind !== Kind.FIELD || root.name.value.startsWith('__')))
    return null;
  const answers: Answer[] = [];
  const selections = roots.map((root): SelectionNode => {
    const once = roots.filter((other) => keyOf(other) === keyOf(root)).length === 1;
    if (root.kind !== Kind.FIELD || root.name.value !== 'cases' || !once) return root;
    if (root.directives?.length || !root.selectionSet) return root;
    const page = root.selectionSet.selections;
    const data = page.filter((s) => s.kind === Kind.FIELD && s.name.value === 'data');
    const node = data[0] as FieldNode | undefined;
    if (!node || data.length > 1 || node.directives?.length) return root;
    if (page.some((s) => s.kind !== Kind.FIELD)) return root;
    const answer = analysis.answer([node], 'Case', 0);
    if (!answer) return root;
    const stand: FieldNode = {
      kind: Kind.FIELD,
      alias: { kind: Kind.NAME, value: (node.alias ?? node.name).value },
      name: { kind: Kind.NAME, value: SPLICED },
      loc: node.loc,
    };
    answers.push(answer);
    const set = { ...root.selectionSet, selections: page.map((s) => (s === node ? stand : s)) };
    return { ...root, selectionSet: set };
  });
  if (answers.length === 0) return null;
  const rewritten: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections },
  };
  const copied = copy({
    ...document,
    definitions: document.definitions.map((d) => (d === operation ? rewritten : d)),
  });
  // The fields that stand for pages' cases, in the copy, in the order they were planned.
  const operationCopy = copied.definitions[document.definitions.indexOf(operation)];
  for (const root of (operationCopy as OperationDefinitionNode).selectionSet.selections)
    for (const stand of standsIn(root)) plans.set(stand, answers.shift()!);
  return { document: copied, readsStatus: analysis.readsStatus };
}

/** The fields of a root selection that stand for pages' cases. */
function standsIn(root: SelectionNode | FieldNode): FieldNode[] {
  if (root.kind !== Kind.FIELD) return [];
  return (root.selectionSet?.selections ?? []).filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === SPLICED,
  );
}

/** What to write for the cases of the page being resolved, when they are spliced. */
export function splicedPage(info: GraphQLResolveInfo): Answer | undefined {
  const stand = info.fieldNodes.flatMap(standsIn)[0];
  return stand && plans.get(stand);
}
