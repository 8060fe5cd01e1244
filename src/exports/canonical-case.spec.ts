import {
  CANONICAL_COLUMNS,
  CanonicalCase,
  csvRecord,
  exportLine,
  exportRowParts,
  toCsvCells,
} from './canonical-case.js';

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

describe('exportLine', () => {
  const { url, unescoStatus, cpjStatus, ...fields } = awkward;
  const parts = exportRowParts(fields);
  const facts = { caseId: awkward.caseId, url, unescoStatus, cpjStatus };

  it('puts together the NDJSON line JSON.stringify makes of the whole case', () => {
    const line = exportLine('ndjson', facts, parts.jsonHead, parts.jsonTail);
    expect(line).toBe(`${JSON.stringify(awkward)}\n`);
    expect(Object.keys(JSON.parse(line))).toEqual(CANONICAL_COLUMNS);
  });

  it('puts together the CSV record of the whole case', () => {
    const line = exportLine('csv', facts, parts.csvHead, parts.csvTail);
    expect(line).toBe(csvRecord(toCsvCells(awkward)));
  });

  it('writes a status that is not known as an empty CSV field and null in JSON', () => {
    const none = { ...facts, unescoStatus: null };
    expect(exportLine('csv', none, parts.csvHead, parts.csvTail)).toBe(
      csvRecord(toCsvCells({ ...awkward, unescoStatus: null })),
    );
    expect(
      JSON.parse(exportLine('ndjson', none, parts.jsonHead, parts.jsonTail)).unescoStatus,
    ).toBe(null);
  });
});
