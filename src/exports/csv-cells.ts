import type { Options } from 'csv-stringify';

/**
 * How every CSV export writes its cells (csv-stringify): RFC 4180 quoting, CRLF line ends, every
 * list (codes, free text, classifications, status history) as a JSON array, and no cell that a
 * spreadsheet would run as a formula.
 *
 * The guard is csv-stringify's `escape_formulas`: a text cell starting with `=`, `+`, `-`, `@`, a
 * tab or a CR (or the full-width `＝＋－＠`) gets a leading `'`, which spreadsheets show as text.
 * A text that already starts with apostrophes before one of those gets one more, so that the
 * importer, which removes one apostrophe before such a character, reads every text back as it was.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const GUARDED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export const CSV_OPTIONS: Options = {
  record_delimiter: 'windows',
  // Also a lone CR or LF in a value: with a record delimiter set, csv-stringify would quote only that.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    object: (value) => JSON.stringify(value),
    string: (value) => (value.startsWith("'") && FORMULA_START.test(value) ? `'${value}` : value),
  },
};

/** A text cell as it was before the formula guard (see CSV_OPTIONS). */
export function unguardCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
