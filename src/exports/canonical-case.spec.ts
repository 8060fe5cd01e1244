import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CANONICAL_COLUMNS, CanonicalCase, fromCsvCells } from './canonical-case.js';
import { CSV_OPTIONS, unguardCell } from './csv-cells.js';

const awkward: CanonicalCase = {
  caseId: '0b5c3f8e-2f6a-4c47-9f77-3e1b7c0d9a01',
  url: 'https://tracker.example.org/api/v1/cases/0b5c3f8e-2f6a-4c47-9f77-3e1b7c0d9a01',
  incidentId: 'd3f4a1b2-0000-4000-8000-000000000001',
  personId: 'e5f6a7b8-0000-4000-8000-000000000002',
  fullName: 'Ana "La Voz" Pérez, hija',
  transliteratedName: null,
  gender: 'female',
  nationalities: ['MX', 'ES'],
  role: 'journalist',
  employment: 'freelance',
  mediaTypes: ['print', 'online'],
  outlets: ['Radio "Libre"', 'Diario, Norte'],
  beats: [],
  dateStart: '2016-10-02',
  dateEnd: null,
  datePrecision: 'day',
  countryCode: 'MX',
  countryName: 'Mexico',
  place: 'Line one\r\nline two\ttabbed \\ backslash',
  context: null,
  attackTypes: ['murder'],
  perpetratorTypes: [],
  description: 'Emoji 🕊 and control \u0001 character',
  sourceLinks: ['https://example.org/a?b=1,2'],
  outcome: 'killed',
  localForeign: 'local',
  dateOfDeath: '2016-10-02',
  retractedAt: null,
  retractionReason: null,
  unescoStatus: 'no_information',
  cpjStatus: null,
  classifications: [
    {
      monitor: 'cpj',
      externalId: 'x',
      url: null,
      included: true,
      motive: 'confirmed',
      typeOfDeath: 'Murder',
      condemnation: null,
      recordedDate: null,
    },
  ],
  statusHistory: [
    {
      id: '12',
      scheme: 'cpj',
      status: 'complete_impunity',
      resolutionReason: null,
      effectiveDate: '2016-10-02',
      recordedAt: '2024-01-01T00:00:00.000000Z',
      reportedBy: 'monitor',
      source: 'CPJ',
      note: 'Said "no", then\nyes',
      supersedesId: null,
      createdBy: 'import',
    },
  ],
};

/** The case as a CSV export writes it, read back as the importer reads it. */
function roundTrip(row: CanonicalCase): Record<string, unknown> {
  const csv = stringify([row], { ...CSV_OPTIONS, columns: CANONICAL_COLUMNS, header: true });
  const [cells] = parse(csv, { columns: true }) as Record<string, string>[];
  return fromCsvCells(cells);
}

describe('canonical CSV cells', () => {
  it('are read back to the same case', () => {
    expect(roundTrip(awkward)).toEqual(awkward);
  });

  it('write every list as a JSON array', () => {
    const csv = stringify([awkward], { ...CSV_OPTIONS, columns: CANONICAL_COLUMNS });
    expect(csv).toContain(',"[""MX"",""ES""]",');
    expect(csv).toContain(',"[""murder""]",');
    expect(csv).toContain(',[],');
  });

  it('read lists of codes joined with ";" as earlier exports wrote them', () => {
    expect(fromCsvCells({ nationalities: 'MX; ES', attackTypes: '' })).toEqual({
      nationalities: ['MX', 'ES'],
      attackTypes: [],
    });
  });

  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1 555', `'+1 555`],
    ['-Centro', `'-Centro`],
    ['@handle', `'@handle`],
    ['\tTab', `'\tTab`],
    ['\rCR', `'\rCR`],
    ['＝１', `'＝１`],
    [`'=already`, `''=already`],
    [`'plain`, `'plain`],
    ['plain = text', 'plain = text'],
  ])('guard %j against formulas as %j and read it back', (value, written) => {
    const csv = stringify([[value]], CSV_OPTIONS);
    const [cell] = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    expect(cell[0]).toBe(written);
    expect(unguardCell(cell[0])).toBe(value);
    expect(roundTrip({ ...awkward, place: value }).place).toBe(value);
  });

  it('quote a value with a lone CR or LF, a comma or a double quote', () => {
    expect(stringify([['a\rb', 'c\nd', 'e,f', 'g"h', 'plain']], CSV_OPTIONS)).toBe(
      '"a\rb","c\nd","e,f","g""h",plain\r\n',
    );
  });

  it('leave numbers as they are', () => {
    expect(stringify([[-12, 3.5]], CSV_OPTIONS)).toBe('-12,3.5\r\n');
  });
});
