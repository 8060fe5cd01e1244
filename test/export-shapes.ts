import type { DataSource } from 'typeorm';

/**
 * A small dataset with fixed ids and instants in which every exported column takes each of its
 * shapes: empty and null values, one and several list items, text with commas, double quotes,
 * CR, LF, tabs, semicolons, backslashes, control characters, non-Latin scripts and emoji, text
 * that a spreadsheet would read as a formula, a retracted case, a confidential status entry, a
 * correction, an incident with several victims, a person with several cases and a country whose
 * name holds a comma. Exports of it are compared byte for byte with committed files.
 */
export const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

const PEOPLE: {
  n: number;
  fullName: string;
  transliterated: string | null;
  gender: string;
  nationalities: string[];
  role: string;
  employment: string;
  mediaTypes: string[];
  outlets: string[];
  beats: string[];
}[] = [
  {
    n: 101,
    fullName: 'Ana "La Voz" Pérez, Jr.',
    transliterated: null,
    gender: 'female',
    nationalities: ['MX', 'ES'],
    role: 'journalist',
    employment: 'staff',
    mediaTypes: ['print', 'online'],
    outlets: ['Radio "Libre", Norte', 'El Diario; Sur'],
    beats: ['crime', 'politics'],
  },
  {
    n: 102,
    fullName: 'محمد الأحمد',
    transliterated: 'Muhammad al-Ahmad',
    gender: 'male',
    nationalities: ['PS'],
    role: 'media_worker',
    employment: 'freelance',
    mediaTypes: ['television'],
    outlets: ['قناة الأقصى'],
    beats: [],
  },
  {
    n: 103,
    fullName: '=HYPERLINK("http://example.org","click")',
    transliterated: '-12',
    gender: 'unknown',
    nationalities: [],
    role: 'social_media_producer',
    employment: 'unknown',
    mediaTypes: [],
    outlets: ['+Radio Plus', '@handle', '-Minus'],
    beats: ['\tTabbed beat', 'ctrl \u0001\u001f \\ / \u2028 \u007f end'],
  },
  {
    n: 104,
    fullName: 'Line\nBreak\r\nPerson',
    transliterated: 'Back\\slash \u0001 control',
    gender: 'other',
    nationalities: ['CD'],
    role: 'journalist',
    employment: 'staff',
    mediaTypes: ['radio', 'other'],
    outlets: [],
    beats: ['a, b', 'c "d"'],
  },
];

const INCIDENTS: {
  n: number;
  start: string | null;
  end: string | null;
  precision: string;
  country: string;
  place: string | null;
  context: string | null;
  description: string | null;
  links: string[];
  attacks: string[];
  perpetrators: string[];
}[] = [
  {
    n: 201,
    start: '2009-11-23',
    end: null,
    precision: 'day',
    country: 'PH',
    place: 'Ampatuan, Maguindanao',
    context: 'non_conflict',
    description: 'Convoy stopped at a checkpoint;\n"all" were killed.',
    links: ['https://example.org/a?x=1,2', 'https://example.org/b'],
    attacks: ['murder', 'abduction'],
    perpetrators: ['political_group', 'police_security'],
  },
  {
    n: 202,
    start: '2014-03-01',
    end: '2014-05-31',
    precision: 'month',
    country: 'CD',
    place: '-Centro',
    context: 'conflict',
    description: '@mention at the start 😀',
    links: [],
    attacks: ['assault'],
    perpetrators: [],
  },
  {
    n: 203,
    start: null,
    end: null,
    precision: 'unknown',
    country: 'PS',
    place: null,
    context: null,
    description: null,
    links: ['=cmd|" /C calc"!A0'],
    attacks: [],
    perpetrators: ['unknown'],
  },
  {
    n: 204,
    start: '2020-01-01',
    end: null,
    precision: 'year',
    country: 'MX',
    place: '\rCarriage',
    context: 'non_conflict',
    description: 'Tab\tinside, and a line\u2028separator',
    links: [],
    attacks: ['threat', 'online_harassment', 'doxxing'],
    perpetrators: ['criminal_group'],
  },
];

const CASES: {
  n: number;
  incident: number;
  person: number;
  outcome: string;
  localForeign: string;
  dateOfDeath: string | null;
  retractedAt?: string;
  retractionReason?: string;
}[] = [
  {
    n: 301,
    incident: 201,
    person: 101,
    outcome: 'killed',
    localForeign: 'foreign',
    dateOfDeath: '2009-11-24',
  },
  {
    n: 302,
    incident: 201,
    person: 102,
    outcome: 'killed',
    localForeign: 'local',
    dateOfDeath: null,
  },
  {
    n: 303,
    incident: 202,
    person: 101,
    outcome: 'injured',
    localForeign: 'unknown',
    dateOfDeath: null,
  },
  {
    n: 304,
    incident: 203,
    person: 103,
    outcome: 'missing',
    localForeign: 'local',
    dateOfDeath: null,
  },
  {
    n: 305,
    incident: 204,
    person: 104,
    outcome: 'threatened',
    localForeign: 'local',
    dateOfDeath: null,
  },
  {
    n: 306,
    incident: 204,
    person: 102,
    outcome: 'other',
    localForeign: 'foreign',
    dateOfDeath: null,
    retractedAt: '2024-05-01T10:00:00.123Z',
    retractionReason: 'Duplicate, "see" other',
  },
];

const CLASSIFICATIONS: [
  caseN: number,
  monitor: string,
  externalId: string | null,
  url: string | null,
  included: boolean,
  motive: string | null,
  typeOfDeath: string | null,
  condemnation: string | null,
  recordedDate: string | null,
][] = [
  [
    301,
    'unesco',
    'U-2009-1',
    'https://example.org/unesco/1',
    true,
    null,
    null,
    'condemned',
    '2009-12-01',
  ],
  [301, 'cpj', '=1+1', null, true, 'confirmed', 'Murder, "execution" \u0002\\', null, null],
  [302, 'cpj', 'cpj-302', null, false, 'unconfirmed', null, null, '2010-01-15'],
  [304, 'rsf', null, null, true, null, null, null, null],
];

/** [n, case, scheme, status, reason, effective, recorded, reportedBy, source, note, supersedes, confidential] */
const STATUS_ENTRIES: [
  number,
  number,
  string,
  string,
  string | null,
  string,
  string,
  string,
  string | null,
  string | null,
  number | null,
  boolean,
][] = [
  [
    901,
    301,
    'unesco',
    'no_information',
    null,
    '2010-01-01',
    '2010-02-01T00:00:00.000Z',
    'monitor',
    null,
    null,
    null,
    false,
  ],
  [
    902,
    301,
    'unesco',
    'ongoing',
    null,
    '2012-05-01',
    '2012-06-01T12:30:45.678Z',
    'state',
    'Report, "2012"',
    'Line one\nline two',
    null,
    false,
  ],
  [
    903,
    301,
    'cpj',
    'complete_impunity',
    null,
    '2010-01-01',
    '2010-02-01T00:00:00.000Z',
    'monitor',
    'https://cpj.org',
    null,
    null,
    false,
  ],
  [
    904,
    301,
    'unesco',
    'resolved',
    'perpetrators_convicted',
    '2019-12-01',
    '2021-03-04T05:06:07.891Z',
    'organisation',
    null,
    '=SUM(A1)',
    null,
    false,
  ],
  [
    905,
    301,
    'unesco',
    'ongoing',
    null,
    '2019-12-01',
    '2022-01-01T00:00:00.000Z',
    'staff',
    null,
    'Correction',
    904,
    false,
  ],
  [
    906,
    302,
    'unesco',
    'resolved',
    'perpetrator_deceased',
    '2015-07-01',
    '2016-01-01T00:00:00.000Z',
    'state',
    null,
    'Secret answer',
    null,
    true,
  ],
  [
    907,
    302,
    'cpj',
    'partial_justice',
    null,
    '2018-02-02',
    '2018-03-03T03:03:03.003Z',
    'monitor',
    null,
    '@note',
    null,
    false,
  ],
  [
    908,
    304,
    'unesco',
    'ongoing',
    null,
    '2021-06-30',
    '2021-07-01T00:00:00.000Z',
    'organisation',
    '-source',
    '\ttab \u0003 \\ \u2029 / end',
    null,
    false,
  ],
  [
    909,
    306,
    'unesco',
    'ongoing',
    null,
    '2020-02-02',
    '2020-02-03T00:00:00.000Z',
    'staff',
    null,
    null,
    null,
    false,
  ],
];

/** Writes the dataset (one transaction) into a database with the reference data seeded. */
export async function seedExportShapes(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    for (const p of PEOPLE)
      await m.query(
        `INSERT INTO people (id, full_name, transliterated_name, gender, nationalities, role, employment, media_types, outlets, beats)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id(p.n),
          p.fullName,
          p.transliterated,
          p.gender,
          p.nationalities,
          p.role,
          p.employment,
          p.mediaTypes,
          p.outlets,
          p.beats,
        ],
      );
    for (const i of INCIDENTS) {
      await m.query(
        `INSERT INTO incidents (id, date_start, date_end, date_precision, country_code, place, context, description, source_links,
                                source_contacts, witness_details, internal_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'confidential contact', 'confidential witness', 'internal')`,
        [
          id(i.n),
          i.start,
          i.end,
          i.precision,
          i.country,
          i.place,
          i.context,
          i.description,
          i.links,
        ],
      );
      for (const code of i.attacks)
        await m.query(
          `INSERT INTO incident_attack_types (incident_id, attack_type_code) VALUES ($1, $2)`,
          [id(i.n), code],
        );
      for (const code of i.perpetrators)
        await m.query(
          `INSERT INTO incident_perpetrator_types (incident_id, perpetrator_type_code) VALUES ($1, $2)`,
          [id(i.n), code],
        );
    }
    for (const c of CASES)
      await m.query(
        `INSERT INTO cases (id, incident_id, person_id, outcome, local_foreign, date_of_death, retracted_at, retraction_reason, source_contacts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'confidential contact')`,
        [
          id(c.n),
          id(c.incident),
          id(c.person),
          c.outcome,
          c.localForeign,
          c.dateOfDeath,
          c.retractedAt ?? null,
          c.retractionReason ?? null,
        ],
      );
    for (const [caseN, ...values] of CLASSIFICATIONS)
      await m.query(
        `INSERT INTO monitor_classifications (case_id, monitor, external_id, url, included, motive, type_of_death, condemnation, recorded_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id(caseN), ...values],
      );
    for (const [n, caseN, ...values] of STATUS_ENTRIES)
      await m.query(
        `INSERT INTO status_entries (id, case_id, scheme, status, resolution_reason, effective_date, recorded_at, reported_by,
                                     source, note, supersedes_id, confidential, created_by)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'fixture')`,
        [n, id(caseN), ...values],
      );
  });
}
