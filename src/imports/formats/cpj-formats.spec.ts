import { countryRows } from '../../../seeds/countries.seed.js';
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

describe('CPJ files: countries named before they existed, and disputed places', () => {
  const seeded: FormatContext = {
    countries: new Map(
      countryRows().map((r) => [
        r.code,
        { code: r.code, name: r.name, validFrom: r.validFrom, validTo: r.validTo },
      ]),
    ),
    statusDate: '2024-01-01',
  };
  const legacy = (Country_killed: string, Date: string) =>
    cpjLegacyFormat.read(
      {
        row: 2,
        values: { Type: 'Motive Confirmed', Name: 'History Test', Date, Country_killed },
        flags: [],
      },
      seeded,
    );

  it.each([
    ['Serbia', 'February 1, 1994', 'YU'],
    ['Montenegro', 'May 27, 2004', 'CS'],
    ['Serbia', 'March 17, 2004', 'CS'],
    ['Croatia', 'May 2, 1991', 'YU'],
    ['Bosnia', 'January 15, 1992', 'YU'],
    ['Russia', 'January 13, 1991', 'SU'],
    ['Ukraine', '1990', 'SU'],
    ['South Sudan', 'July 1, 2011', 'SD'],
    ['Eritrea', '1990', 'ET'],
    ['Serbia and Montenegro', 'April 23, 1999', 'YU'],
    ['Yugoslavia', 'June 2, 2004', 'CS'],
  ])('records %s on %s as %s, the state of the date, flagged', (label, date, code) => {
    const record = recordOf(legacy(label, date));
    expect(record.incident.countryCode).toBe(code);
    expect(record.countryLabel).toBe(label);
    expect(record.flags).toContain(`historical_country:${label}→${code}`);
    expect(record.heldFor).toBeNull();
  });

  it.each([
    ['Timor-Leste', 'September 21, 1999', ['ID', 'TL']],
    ['East Timor', 'September 21, 1999', ['ID', 'TL']],
    ['Kosovo', 'June 2005', ['CS', 'XK']],
    ['Kosovo', 'April 1999', ['YU', 'XK']],
    ['Latvia', 'January 20, 1991', ['SU', 'LV']],
  ])('holds %s on %s for a reviewer with its candidates %j', (label, date, candidates) => {
    const record = recordOf(legacy(label, date));
    expect(record.heldFor).toMatch(/a reviewer chooses/);
    expect(record.candidates).toEqual(candidates);
    expect(record.flags).toContain(`contested_country:${label}`);
    expect(record.incident.countryCode).toBeNull();
  });

  it.each([
    ['Serbia', 'June 5, 2006', 'RS'],
    ['Kosovo', 'March 2010', 'XK'],
    ['Timor-Leste', '2006', 'TL'],
  ])('keeps %s on %s as given', (label, date, code) => {
    const record = recordOf(legacy(label, date));
    expect(record.incident.countryCode).toBe(code);
    expect(record.flags.filter((f) => f.includes('country'))).toEqual([]);
  });
});

describe('CPJ files: identities without a profile URL', () => {
  const legacy = (Name: string, Date: string) =>
    recordOf(
      cpjLegacyFormat.read(
        {
          row: 2,
          values: { Type: 'Motive Confirmed', Name, Date, Country_killed: 'Mexico' },
          flags: [],
        },
        context,
      ),
    );
  const api = (values: Record<string, string>) =>
    recordOf(
      cpjApiFormat.read(
        {
          row: 2,
          values: {
            year: '2006',
            fullName: 'Key Test',
            status: 'Killed',
            country: 'Mexico',
            ...values,
          },
          flags: [],
        },
        context,
      ),
    );

  it.each([
    ['March 3, 2006', 'key test|2006|mexico|killed|2006-03-03'],
    ['May 22 or 23, 2015', 'key test|2015|mexico|killed|2015-05-22/2015-05-23'],
    ['July 2007', 'key test|2007|mexico|killed|2007-07-01'],
    ['2006', 'key test|2006|mexico|killed'],
    ['Date unknown', 'key test||mexico|killed'],
  ])('a legacy row dated %j is %j', (date, key) => {
    expect(legacy('Key Test', date).key).toBe(key);
  });

  it('a data API row has the date in its key when the file gives one, the year else', () => {
    expect(api({ date: 'March 3, 2006' }).key).toBe('key test|2006|mexico|killed|2006-03-03');
    expect(api({}).key).toBe('key test|2006|mexico|killed');
    expect(api({ url: 'https://cpj.org/data/people/key-test/' }).key).toBe(
      'https://cpj.org/data/people/key-test/',
    );
  });

  it.each(['Unidentified', 'Unknown', 'Name withheld', 'Unidentified journalist', 'UNNAMED'])(
    'flags %j as a name that identifies no one',
    (name) => {
      expect(legacy(name, 'March 3, 2006').flags).toContain(`placeholder_name:${name}`);
    },
  );

  it('flags no real name as a placeholder', () => {
    expect(legacy('Unknown Pleasures Reporter', '2006').flags).toEqual([]);
  });

  it('keeps a killing whose date it cannot read, undated and flagged', () => {
    const record = legacy('Undated Test', 'sometime that spring');
    expect(record.incident).toMatchObject({ dateStart: null, datePrecision: 'unknown' });
    expect(record.flags).toContain('unreadable_date:sometime that spring');
    const dated = api({ date: 'before the elections' });
    expect(dated.incident).toMatchObject({ dateStart: '2006-01-01', datePrecision: 'year' });
    expect(dated.flags).toContain('unreadable_date:before the elections');
  });
});

describe('CPJ files: nationalities of several countries', () => {
  const nationalities = (Nationality: string) => {
    const record = recordOf(
      cpjLegacyFormat.read(
        {
          row: 2,
          values: {
            Type: 'Motive Confirmed',
            Name: 'Nationality Test',
            Date: '2010',
            Country_killed: 'Mexico',
            Nationality,
          },
          flags: [],
        },
        context,
      ),
    );
    return [record.person.nationalities, record.flags];
  };

  it.each([
    ['Somalia/Canada', ['SO', 'CA']],
    ['Somali-Canadian', ['SO', 'CA']],
    ['Somali - Canadian', ['SO', 'CA']],
    ['British and Irish', ['GB', 'IE']],
    ['Iraqi & American', ['IQ', 'US']],
    ['Guinea-Bissau', ['GW']],
    ['Bosnia and Herzegovina', ['BA']],
    ['Somali, Canadian', ['SO', 'CA']],
  ])('reads %j as %j', (given, codes) => {
    expect(nationalities(given)).toEqual([codes, []]);
  });

  it('still flags a part that names no country', () => {
    expect(nationalities('Somali-Martian')).toEqual([[], ['unknown_nationality:Somali-Martian']]);
  });
});
