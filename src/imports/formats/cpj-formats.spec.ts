import type { CaseRecord, ReadResult } from '../import-record.js';
import { cpjApiFormat } from './cpj-api.format.js';
import { cpjLegacyFormat } from './cpj-legacy.format.js';
import type { CsvCaseFormat, FormatContext } from './import-format.js';

const context: FormatContext = {
  countries: new Map(
    ['CG', 'IN', 'GB', 'MX'].map((code) => [
      code,
      { code, name: code, validFrom: null, validTo: null },
    ]),
  ),
  statusDate: '2024-01-01',
};

/** One row of a file in `format`, read. */
const reader =
  (format: CsvCaseFormat, defaults: Record<string, string>) =>
  (values: Record<string, string>): ReadResult =>
    format.read({ row: 2, values: { ...defaults, ...values }, flags: [] }, context);

/** The coded cells of a record: gender, employment, local or foreign. */
const codedCells = (record: CaseRecord) => [
  record.person.gender,
  record.person.employment,
  record.case.localForeign,
];

const recordOf = (result: ReadResult): CaseRecord => {
  if ('reject' in result) throw new Error(`rejected: ${JSON.stringify(result.reject)}`);
  return result.record;
};

describe('CPJ data API: motive', () => {
  const read = reader(cpjApiFormat, {
    year: '2016',
    fullName: 'API Reader Test',
    status: 'Killed',
    country: 'Mexico',
    gender: 'Male',
    jobs: 'Print Reporter',
  });

  it.each([
    ['Confirmed', 'confirmed'],
    ['unconfirmed', 'unconfirmed'],
    ['', null],
  ])('reads motiveConfirmed %j as %j, with no flag', (given, motive) => {
    const record = recordOf(read({ motiveConfirmed: given }));
    expect(record.classifications[0].motive).toBe(motive);
    expect(record.person.role).toBe('journalist');
    expect(record.flags).toEqual([]);
  });

  it('reads a media worker as the role, not as a motive', () => {
    const record = recordOf(read({ motiveConfirmed: 'Media Worker' }));
    expect(record.person.role).toBe('media_worker');
    expect(record.classifications[0].motive).toBeNull();
    expect(record.flags).toEqual([]);
  });

  it('flags a value it does not know instead of dropping it unnoticed', () => {
    const record = recordOf(read({ motiveConfirmed: 'Under review' }));
    expect(record.classifications[0].motive).toBeNull();
    expect(record.flags).toEqual(['unmapped_motive:Under review']);
  });
});

describe('CPJ data API: coded cells', () => {
  const read = reader(cpjApiFormat, {
    year: '2016',
    fullName: 'API Coded Test',
    status: 'Killed',
    country: 'Mexico',
  });

  it.each([
    [
      { gender: 'Female', employedAs: 'Freelance', localOrForeign: 'Foreign' },
      ['female', 'freelance', 'foreign'],
    ],
    [
      { gender: 'non-binary', employedAs: 'staff', localOrForeign: 'LOCAL' },
      ['other', 'staff', 'local'],
    ],
    [
      { gender: 'Unknown', employedAs: '', localOrForeign: 'N/A' },
      ['unknown', 'unknown', 'unknown'],
    ],
  ])('reads %j with no flag', (cells, [gender, employment, localForeign]) => {
    const record = recordOf(read(cells));
    expect(codedCells(record)).toEqual([gender, employment, localForeign]);
    expect(record.flags).toEqual([]);
  });

  it.each([
    ['Unknown', null, []],
    ['N/A', null, []],
    ['Murder', 'Murder', []],
    [
      'Shot at a checkpoint',
      'Shot at a checkpoint',
      ['unmapped_type_of_death:Shot at a checkpoint'],
    ],
  ])(
    'reads typeOfDeath %j as the monitor wrote it (%j), flagging what it cannot map',
    (given, kept, flags) => {
      const record = recordOf(read({ typeOfDeath: given }));
      expect(record.classifications[0].typeOfDeath).toBe(kept);
      expect(record.incident.attackTypes).toEqual([given === 'Murder' ? 'murder' : 'killing']);
      expect(record.flags).toEqual(flags);
    },
  );

  it('keeps the row with a value it does not know as unknown, and flags each value', () => {
    const record = recordOf(
      read({ gender: 'Woman?', employedAs: 'Contributor', localOrForeign: 'Both' }),
    );
    expect(codedCells(record)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(record.flags).toEqual([
      'unmapped_gender:Woman?',
      'unmapped_employment:Contributor',
      'unmapped_local_or_foreign:Both',
    ]);
  });
});

describe('CPJ data API: rows with one identity', () => {
  const read = reader(cpjApiFormat, { fullName: 'API Census Test', country: 'Mexico' });

  it('folds yearly census rows of one imprisoned person into one case', () => {
    const first = recordOf(read({ year: '2019', status: 'Imprisoned' }));
    const second = recordOf(read({ year: '2021', status: 'Imprisoned', charges: 'Anti-state' }));
    expect(second.key).toBe(first.key);
    expect(cpjApiFormat.merge!(first, second)).toBe(true);
    expect(first.observations.map((o) => [o.year, o.details])).toEqual([
      [2019, {}],
      [2021, { charges: 'Anti-state' }],
    ]);
    expect(first.incident.dateStart).toBe('2019-01-01');
  });

  it('does not fold two killed people with the same name, year and country', () => {
    const first = recordOf(read({ year: '2016', status: 'Killed', location: 'Veracruz' }));
    const second = recordOf(read({ year: '2016', status: 'Killed', location: 'Oaxaca' }));
    expect(second.key).toBe(first.key);
    expect(cpjApiFormat.merge!(first, second)).toBe(false);
    expect(first.incident.place).toBe('Veracruz');
    expect(first.rows).toEqual([2]);
  });
});

describe('CPJ legacy export: nationalities and coded cells', () => {
  const read = reader(cpjLegacyFormat, {
    Type: 'Motive Confirmed',
    Date: 'August 29, 1998',
    Name: 'Legacy Reader Test',
    Sex: 'Male',
    Country_killed: 'Republic of Congo',
  });

  it('reads a World Bank name with a comma as one nationality', () => {
    const record = recordOf(read({ Nationality: 'Congo, Rep.' }));
    expect(record.person.nationalities).toEqual(['CG']);
    expect(record.flags).toEqual([]);
  });

  it('reads a demonym a state shares with its territory as the state, and keeps a list apart', () => {
    expect(recordOf(read({ Nationality: 'Indian, British' })).person.nationalities).toEqual([
      'IN',
      'GB',
    ]);
  });

  it('keeps a row whose Sex, Freelance or Local_Foreign it does not know, flagged', () => {
    const record = recordOf(read({ Sex: 'X?', Local_Foreign: 'Local/Foreign', Freelance: 'Both' }));
    expect(codedCells(record)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(record.flags).toEqual([
      'unmapped_freelance:Both',
      'unmapped_gender:X?',
      'unmapped_local_or_foreign:Local/Foreign',
    ]);
  });

  it('leaves out and flags a nationality two states share', () => {
    const record = recordOf(read({ Nationality: 'Congolese' }));
    expect(record.person.nationalities).toEqual([]);
    expect(record.flags).toEqual(['ambiguous_nationality:Congolese']);
  });
});
