import { InvalidInput } from '../../common/errors/domain-error.js';
import { cpjApiFormat } from './cpj-api.format.js';
import { cpjLegacyFormat } from './cpj-legacy.format.js';
import { HeaderSpec, mapHeaders, parseColumnMapping } from './header-mapping.js';

const api: HeaderSpec = { format: 'cpj-api', ...cpjApiFormat };
const legacy: HeaderSpec = { format: 'cpj-legacy', ...cpjLegacyFormat };
const specs = [api, legacy];
const refusal = (headers: string[], spec: HeaderSpec, mapping: Record<string, string> = {}) => {
  try {
    mapHeaders(headers, spec, mapping, specs);
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
      /^the file has no country column \(a CPJ data API file needs fullName, status, country, year\); if one of its columns \(year, fullName, status, countri_name\) holds it, map it: --column country=countri_name \(REST and GraphQL: column country=countri_name\)$/,
    );
  });

  it('names the format a file fits as it is', () => {
    const problems = refusal(['Type', 'Date', 'Name', 'Country_killed'], api);
    expect(problems.map((p) => p.field)).toEqual(['status', 'year']);
    expect(problems[0].message).toMatch(
      /its columns are those of a CPJ legacy export file: import it with format cpj-legacy$/,
    );
  });

  it.each([
    [['country=location'], { country: 'location' }],
    [[' url = mtpage ', 'year=Year of death'], { url: 'mtpage', year: 'Year of death' }],
    [undefined, {}],
  ])('reads the mapping %j', (items, mapping) => {
    expect(parseColumnMapping(items)).toEqual(mapping);
  });

  it('refuses a mapping without "="', () => {
    expect(() => parseColumnMapping(['country'])).toThrow(InvalidInput);
  });
});
