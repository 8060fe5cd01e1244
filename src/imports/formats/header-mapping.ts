// Header rows as a format reads them: the caller's column mapping (columns of other names, and
// values every row has), the format's documented aliases, and a refusal that names the nearest
// format and the mapping that would make the file fit.
import { distance } from 'fastest-levenshtein';
import { InvalidInput } from '../../common/errors/domain-error.js';
import { headerKey } from './import-format.js';

/** The columns a kind of file needs and the other names files give them. */
export interface HeaderSpec {
  /** The format's name as the CLI and REST take it (`cpj-api`). */
  format: string;
  /** What kind of file it is, for messages ("CPJ data API"). */
  label: string;
  /** Headers a file must have; matched by `headerKey`, in any order, among any others. */
  required: string[];
  /** Other names of a column, used when the file lacks the column's own name. */
  aliases?: Record<string, string[]>;
}

/**
 * A column mapping as the caller gives it, item by item: `country=location` reads the file's
 * column `location` as the format's `country`; `status==Killed` gives every row the value
 * `Killed` in the format's `status`, for a file without such a column (a list of killings only).
 */
export interface ColumnMapping {
  /** The format's column → the file's column that holds it. */
  columns: Record<string, string>;
  /** The format's column → the value every row has in it. */
  constants: Record<string, string>;
}

export function parseColumnMapping(items: string[] | undefined): ColumnMapping {
  const mapping: ColumnMapping = { columns: {}, constants: {} };
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const item of items ?? []) {
    const constant = /^\s*([^=]+?)\s*==\s*(.*?)\s*$/.exec(item);
    const match = constant ?? /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(item);
    if (!match)
      problems.push({
        field: 'column',
        message: `"${item}" is not a mapping: write the format's column, "=", then the file's column (country=location), or the format's column, "==", then the value of every row (status==Killed)`,
      });
    else if (constant && !constant[2])
      problems.push({
        field: 'column',
        message: `"${item}" gives ${constant[1]} no value: write the value after "==" (status==Killed)`,
      });
    else if (seen.has(headerKey(match[1])))
      problems.push({ field: 'column', message: `maps ${match[1]} twice` });
    else {
      seen.add(headerKey(match[1]));
      if (constant) mapping.constants[match[1]] = match[2];
      else mapping.columns[match[1]] = match[2];
    }
  }
  if (problems.length) throw new InvalidInput(problems);
  return mapping;
}

/**
 * The file's header row as the format reads it: each column mapped by the caller renamed to the
 * format's name, then each alias renamed where the file lacks the column's own name. A mapping
 * naming a column the file does not have, a constant for a column the file has (`constants`: the
 * columns the caller gives a value for every row), or a file still without a required column, is
 * refused.
 */
export function mapHeaders(
  headers: string[],
  spec: HeaderSpec,
  mapping: Record<string, string>,
  others: HeaderSpec[],
  constants: string[] = [],
): string[] {
  const renamed = [...headers];
  const problems: { field: string; message: string }[] = [];
  const mapped = new Set<number>();
  for (const [target, column] of Object.entries(mapping)) {
    const at = headers.findIndex((h) => headerKey(h) === headerKey(column));
    if (at === -1)
      problems.push({
        field: 'column',
        message: `maps ${target} to "${column}", a column the file does not have (its columns: ${headers.join(', ')})`,
      });
    else {
      renamed[at] = target;
      mapped.add(at);
    }
  }
  if (problems.length) throw new InvalidInput(problems);
  const result = withAliases(renamed, spec, mapped);
  for (const column of constants)
    if (result.some((h) => headerKey(h) === headerKey(column)))
      problems.push({
        field: 'column',
        message: `gives ${column} one value for every row, but the file has a ${column} column: leave out one or the other`,
      });
  if (problems.length) throw new InvalidInput(problems);
  const given = new Set(constants.map(headerKey));
  const missing = missingColumns(result, spec).filter((c) => !given.has(headerKey(c)));
  if (missing.length) throw new InvalidInput(refusal(headers, spec, missing, mapped, others));
  return result;
}

function withAliases(headers: string[], spec: HeaderSpec, fixed = new Set<number>()): string[] {
  const result = [...headers];
  for (const [column, aliases] of Object.entries(spec.aliases ?? {})) {
    if (result.some((h) => headerKey(h) === headerKey(column))) continue;
    const keys = new Set(aliases.map(headerKey));
    const at = result.findIndex((h, i) => !fixed.has(i) && keys.has(headerKey(h)));
    if (at !== -1) result[at] = column;
  }
  return result;
}

function missingColumns(headers: string[], spec: HeaderSpec): string[] {
  const present = new Set(headers.map(headerKey));
  return spec.required.filter((h) => !present.has(headerKey(h)));
}

/** Why a header row does not fit, per missing column, with the way to make it fit. */
function refusal(
  headers: string[],
  spec: HeaderSpec,
  missing: string[],
  mapped: Set<number>,
  others: HeaderSpec[],
): { field: string; message: string }[] {
  const needs = `a ${spec.label} file needs ${spec.required.join(', ')}`;
  // Another format the file fits as it is: say so rather than suggest a mapping.
  const fits = others.find(
    (o) => o.format !== spec.format && missingColumns(withAliases(headers, o), o).length === 0,
  );
  const unused = headers.filter((_, i) => !mapped.has(i));
  return missing.map((column) => {
    const base = `the file has no ${column} column (${needs})`;
    if (fits)
      return {
        field: column,
        message: `${base}; its columns are those of a ${fits.label} file: import it with format ${fits.format}`,
      };
    const guess = nearestColumn(column, unused);
    const pair = `${column}=${guess ?? '<the file’s column>'}`;
    const constant = `${column}==<value>`;
    return {
      field: column,
      message: `${base}; if one of its columns (${headers.join(', ') || 'none'}) holds it, map it: --column ${pair} (REST and GraphQL: column ${pair}); if every row has the same value, give it: --column ${constant}`,
    };
  });
}

/** The file's column whose name is nearest to a column's, when it is near at all. */
function nearestColumn(column: string, headers: string[]): string | null {
  const key = headerKey(column);
  let best: { header: string; score: number } | null = null;
  for (const header of headers) {
    const other = headerKey(header);
    if (!other) continue;
    const score =
      other.includes(key) || key.includes(other)
        ? 0.1
        : distance(key, other) / Math.max(key.length, other.length);
    if (score < 0.5 && (!best || score < best.score)) best = { header, score };
  }
  return best?.header ?? null;
}
