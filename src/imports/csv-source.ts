import { isUtf8 } from 'node:buffer';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { InvalidInput } from '../common/errors/domain-error.js';
import type { SourceRow } from './import-record.js';

export interface CsvSourceOptions {
  /**
   * The encoding to read a field with when its bytes are not valid UTF-8, per column (header
   * name); `*` applies to every other column. The row is flagged whenever it is used.
   */
  fallbackEncoding: Record<string, string>;
  /** Called with the number of rows read so far, every few thousand rows. */
  onProgress?: (rowsRead: number) => void;
  /**
   * The header row as the rows' values are to be keyed (a column mapping, aliases), refusing a
   * file without the columns its kind needs: called at the header row, so that a file of the
   * wrong kind fails even without data rows.
   */
  mapHeaders?: (headers: string[]) => string[];
}

/** The encoding names iconv-lite knows, so that a bad option is a 400 and not a crash later. */
export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

/** csv-parse's syntax errors, said so that the person who made the file can mend it. */
const SYNTAX_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'the file ends inside a quoted field (one whose closing quote is missing)',
  INVALID_OPENING_QUOTE: 'a field that does not start with a quote has one inside it',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field goes on after its closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted field goes on after its closing quote',
};
const QUOTING =
  'a field holding a comma, a quote or a line break must be enclosed in double quotes, and each quote inside it doubled';

/** A CSV syntax error as the import's error on the `file` field (csv-parse's message dumps bytes). */
function syntaxError(error: CsvError): InvalidInput {
  // The line an error is found on; an unclosed quote is found only at the end of the file.
  const at =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? undefined
      : (error as CsvError & { lines?: number }).lines;
  const reason = SYNTAX_ERRORS[error.code] ?? error.message.replace(/, value is .*$/s, '');
  return InvalidInput.field(
    'file',
    `is not valid CSV${at ? ` at line ${at}` : ''}: ${reason} (${QUOTING}); nothing was imported`,
  );
}

/** Separators spreadsheets save "CSV" with: ';' where a comma writes decimals, tab for TSV. */
const SEPARATORS = [',', ';', '\t'];

/**
 * The separator of a file, from its header row: the one the row holds most of outside quotes, a
 * comma when it holds none (a file of one column). Cells may hold the others (e.g. "print; online").
 */
export function headerSeparator(headerLine: string): string {
  const counts = new Map(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return SEPARATORS.reduce((best, s) => (counts.get(s)! > counts.get(best)! ? s : best));
}

/** The stream's bytes up to its first line break (at most 1 MiB), and the same stream whole. */
async function firstLine(input: Readable): Promise<{ line: string; whole: Readable }> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.indexOf(10) === -1 && head.length < 1024 * 1024) {
    const next = await chunks.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const end = head.indexOf(10);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return {
    line: head.subarray(0, end === -1 ? head.length : end).toString('latin1'),
    whole: Readable.from(whole(), { objectMode: false }),
  };
}

/**
 * Reads a CSV stream row by row (csv-parse; RFC 4180 quoting, fields spanning lines, a UTF-8 BOM),
 * separated by commas, or by semicolons or tabs when the header row is (see headerSeparator()).
 * Fields are decoded one by one: UTF-8 when valid, else the declared fallback, and the row says so.
 * Headers are trimmed; a row with more non-empty cells than headers says so (`overflow`), so that
 * it is rejected naming its row rather than read with cells out of place.
 */
export async function* readCsvRows(
  input: Readable,
  options: CsvSourceOptions,
): AsyncGenerator<SourceRow> {
  const { line, whole } = await firstLine(input);
  const parser = parse({
    encoding: null,
    bom: true,
    delimiter: headerSeparator(line),
    relax_column_count: true,
    skip_empty_lines: true,
    // Any line break ends a record, whatever the header row ends with: a file with a CRLF
    // header and LF rows would otherwise be read as one long record.
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  // pipe() does not pass a read error on: the rows would wait for ever.
  whole.once('error', (error) => parser.destroy(error));
  whole.pipe(parser);
  let headers: string[] | undefined;
  let count = 0;
  // The row number as a spreadsheet shows it: records so far, the header being row 1.
  let records = 0;
  for await (const record of parsedRecords(parser as AsyncIterable<(Buffer | string)[]>)) {
    records += 1;
    const flags: string[] = [];
    const decode = (buffer: Buffer | string, column: string): string => {
      // After a byte order mark, csv-parse decodes in the encoding the mark names.
      if (typeof buffer === 'string') return buffer;
      if (isUtf8(buffer)) {
        const text = buffer.toString('utf8');
        // As a fatal TextDecoder would: a byte order mark opening the field is dropped.
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      }
      const encoding =
        options.fallbackEncoding[column] ?? options.fallbackEncoding['*'] ?? 'windows-1252';
      flags.push(`invalid_utf8:${column}:decoded_as_${encoding}`);
      return iconv.decode(buffer, encoding);
    };
    if (!headers) {
      headers = record.map((b, i) => decode(b, `column ${i + 1}`).trim());
      if (options.mapHeaders) headers = options.mapHeaders(headers);
      continue;
    }
    const values: Record<string, string> = {};
    let cells = headers.length;
    for (let i = 0; i < record.length; i++) {
      if (i < headers.length) values[headers[i]] = decode(record[i], headers[i]);
      // Empty cells past the header (a trailing separator) say nothing; others make a reject.
      else if (record[i].length > 0) cells = i + 1;
    }
    count += 1;
    if (options.onProgress && count % 2000 === 0) options.onProgress(count);
    yield cells > headers.length
      ? { row: records, values, flags, overflow: { cells, headers: headers.length } }
      : { row: records, values, flags };
  }
  if (!headers) throw InvalidInput.field('file', 'is empty: a CSV file starts with a header row');
  options.onProgress?.(count);
}

/** The parser's records, its syntax errors made readable. */
async function* parsedRecords(
  parser: AsyncIterable<(Buffer | string)[]>,
): AsyncGenerator<(Buffer | string)[]> {
  try {
    yield* parser;
  } catch (error) {
    throw error instanceof CsvError ? syntaxError(error) : error;
  }
}

/**
 * How many records a file holds, for a progress bar's total: CSV records (a cell may hold line
 * breaks, so lines are not records), or a JSON file's non-empty lines; null when the file cannot
 * be read so (the import itself says why).
 */
export async function countRecords(open: () => Readable, json: boolean): Promise<number | null> {
  let records = 0;
  try {
    if (json) {
      const lines = createInterface({ input: open(), crlfDelay: Infinity });
      for await (const line of lines) if (line.trim()) records += 1;
    } else for await (const _ of readCsvRows(open(), { fallbackEncoding: {} })) records += 1;
    return records;
  } catch {
    return null;
  }
}
