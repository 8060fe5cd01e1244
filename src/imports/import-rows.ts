// Readers per format: a file's rows as the formats read them. canonical-json is NDJSON (the
// export's format) or one JSON array; the CSV formats are read as a stream, their header row
// checked against the format's columns (with its aliases and the caller's column mapping), and
// the values the caller gives every row added to each.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidInput } from '../common/errors/domain-error.js';
import { readCsvRows } from './csv-source.js';
import { canonicalCsvFormat } from './formats/canonical.format.js';
import { cpjApiFormat } from './formats/cpj-api.format.js';
import { cpjLegacyFormat } from './formats/cpj-legacy.format.js';
import { ColumnMapping, HeaderSpec, mapHeaders } from './formats/header-mapping.js';
import type { CsvCaseFormat } from './formats/import-format.js';
import type { ImportFormat, SourceRow } from './import-record.js';

export const CSV_FORMATS: Partial<Record<ImportFormat, CsvCaseFormat>> = {
  'cpj-api': cpjApiFormat,
  'cpj-legacy': cpjLegacyFormat,
  'canonical-csv': canonicalCsvFormat,
};
/** The columns each CSV format needs, to check a file's header row and suggest the nearest. */
const HEADER_SPECS: HeaderSpec[] = [
  ...Object.entries(CSV_FORMATS).map(([format, f]) => ({
    format,
    label: f.label,
    required: f.required,
    aliases: f.aliases,
  })),
  {
    format: 'population',
    label: 'World Bank population',
    required: ['Country Name', 'Country Code', 'Year', 'Value'],
  },
];

/** A row of a CSV file, or a line (an item of an array) of a canonical-json file. */
export type ImportRow = SourceRow | { row: number; json: string };

export async function* readImportRows(
  path: string,
  format: ImportFormat,
  fallback: Record<string, string>,
  mapping: ColumnMapping = { columns: {}, constants: {} },
  /** Told the file's columns as they are and as they are read (for the rejects file). */
  onHeaders?: (columns: string[], readAs: string[]) => void,
): AsyncGenerator<ImportRow> {
  if (format === 'canonical-json') {
    // NDJSON (the export's format; its header line is skipped) or one JSON array.
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    let n = 0;
    let arrayText: string[] | null = null;
    for await (const line of lines) {
      n += 1;
      if (arrayText) {
        arrayText.push(line);
        continue;
      }
      if (n === 1 && line.trimStart().startsWith('[')) {
        arrayText = [line];
        continue;
      }
      if (line.trim()) yield { row: n, json: line };
    }
    if (arrayText) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(arrayText.join('\n'));
      } catch (error) {
        throw InvalidInput.field(
          'file',
          `is not valid JSON (${(error as Error).message}): a file that starts with "[" is read as one JSON array; nothing was imported`,
        );
      }
      if (!Array.isArray(parsed)) throw InvalidInput.field('file', 'is not a JSON array');
      let i = 0;
      for (const item of parsed) yield { row: ++i, json: JSON.stringify(item) };
    }
    return;
  }
  const spec = HEADER_SPECS.find((h) => h.format === format);
  const constants = Object.entries(mapping.constants);
  const rows = readCsvRows(createReadStream(path), {
    fallbackEncoding: fallback,
    mapHeaders: (headers) => {
      const readAs = spec
        ? mapHeaders(
            headers,
            spec,
            mapping.columns,
            HEADER_SPECS,
            constants.map(([column]) => column),
          )
        : headers;
      onHeaders?.(headers, readAs);
      return readAs;
    },
  });
  for await (const row of rows) {
    for (const [column, value] of constants) row.values[column] = value;
    yield row;
  }
}
