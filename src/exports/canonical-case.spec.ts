import { CANONICAL_COLUMNS, CanonicalCase, fromCsvCells, toCsvCells } from './canonical-case.js';

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

describe('canonical CSV cells', () => {
  it('are read back to the same case', () => {
    const cells = toCsvCells(awkward);
    const back = fromCsvCells(Object.fromEntries(CANONICAL_COLUMNS.map((c, i) => [c, cells[i]])));
    expect(back).toEqual(awkward);
  });
});
