import { InvalidInput } from '../../common/errors/domain-error.js';
import { cpjApiFormat } from './cpj-api.format.js';
import { cpjLegacyFormat } from './cpj-legacy.format.js';
import { HeaderSpec, mapHeaders, parseColumnMapping } from './header-mapping.js';

const api: HeaderSpec = { format: 'cpj-api', ...cpjApiFormat };
const legacy: HeaderSpec = { format: 'cpj-legacy', ...cpjLegacyFormat };
const specs = [api, legacy];
const refusal = (
  headers: string[],
  spec: HeaderSpec,
  mapping: Record<string, string> = {},
  constants: string[] = [],
) => {
  try {
    mapHeaders(headers, spec, mapping, specs, constants);
  } catch (error) {
    return (error as InvalidInput).details;
  }
  throw new Error('accepted');
};

describe('mapHeaders', () => {
  it.each([
    [
      'a file derived from CPJ’s list (location, mtpage)',
      ['year', 'fullName', 'status', 'location', 'mtpage'],
      ['year', 'fullName', 'status', 'country', 'url'],
    ],
    [
      'the data API’s own columns, location kept as the place',
      ['year', 'fullName', 'status', 'country', 'location'],
      ['year', 'fullName', 'status', 'country', 'location'],
    ],
    [
      'names written otherwise (Name, Sex, Nationality, Year_Killed)',
      ['Year_Killed', 'Name', 'Status', 'Country', 'Sex', 'Nationality'],
      ['year', 'fullName', 'Status', 'Country', 'gender', 'primaryNationality'],
    ],
  ])('reads %s', (_, headers, readAs) => {
    expect(mapHeaders(headers, api, {}, specs)).toEqual(readAs);
  });

  it('takes the caller’s mapping before any alias', () => {
    expect(
      mapHeaders(
        ['year', 'fullName', 'status', 'place', 'nation'],
        api,
        { country: 'nation', location: 'place' },
        specs,
      ),
    ).toEqual(['year', 'fullName', 'status', 'location', 'country']);
  });

  it('refuses a mapping to a column the file does not have', () => {
    expect(refusal(['year', 'fullName', 'status'], api, { country: 'land' })).toEqual([
      {
        field: 'column',
        message:
          'maps country to "land", a column the file does not have (its columns: year, fullName, status)',
      },
    ]);
  });

  it('names the mapping that would make a file fit, with the nearest column', () => {
    const [problem] = refusal(['year', 'fullName', 'status', 'countri_name'], api);
    expect(problem.field).toBe('country');
    expect(problem.message).toMatch(
      /^the file has no country column \(a CPJ data API file needs fullName, status, country, year\); if one of its columns \(year, fullName, status, countri_name\) holds it, map it: --column country=countri_name \(REST and GraphQL: column country=countri_name\); if every row has the same value, give it: --column country==<value>$/,
    );
  });

  it('names the format a file fits as it is', () => {
    const problems = refusal(['Type', 'Date', 'Name', 'Country_killed'], api);
    expect(problems.map((p) => p.field)).toEqual(['status', 'year']);
    expect(problems[0].message).toMatch(
      /its columns are those of a CPJ legacy export file: import it with format cpj-legacy$/,
    );
  });

  it('reads a file without a column that the caller gives one value for every row', () => {
    expect(mapHeaders(['year', 'fullName', 'location'], api, {}, specs, ['status'])).toEqual([
      'year',
      'fullName',
      'country',
    ]);
    expect(refusal(['year', 'fullName', 'location'], api).map((p) => p.field)).toEqual(['status']);
  });

  it('refuses one value for every row in a column the file has, under any of its names', () => {
    for (const [headers, mapping] of [
      [['year', 'fullName', 'Status', 'country'], {}],
      [['year', 'fullName', 'state', 'country'], { status: 'state' }],
    ] as const)
      expect(refusal([...headers], api, mapping, ['status'])).toEqual([
        {
          field: 'column',
          message:
            'gives status one value for every row, but the file has a status column: leave out one or the other',
        },
      ]);
  });

  it.each([
    [['country=location'], { columns: { country: 'location' }, constants: {} }],
    [
      [' url = mtpage ', 'year=Year of death'],
      { columns: { url: 'mtpage', year: 'Year of death' }, constants: {} },
    ],
    [
      ['status==Killed', 'country = location', ' note == a=b '],
      { columns: { country: 'location' }, constants: { status: 'Killed', note: 'a=b' } },
    ],
    [undefined, { columns: {}, constants: {} }],
  ])('reads the mapping %j', (items, mapping) => {
    expect(parseColumnMapping(items)).toEqual(mapping);
  });

  it.each([
    [['country'], /is not a mapping/],
    [['status=='], /gives status no value/],
    [['status==Killed', 'Status=state'], /maps Status twice/],
  ])('refuses the mapping %j', (items, message) => {
    let error: unknown;
    try {
      parseColumnMapping(items);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).details).toEqual([
      { field: 'column', message: expect.stringMatching(message) },
    ]);
  });
});
