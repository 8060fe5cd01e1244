import type { CaseRecord, ReadResult } from '../import-record.js';
import type { FormatContext } from './import-format.js';
import { cpjLegacyFormat } from './cpj-legacy.format.js';

const context: FormatContext = {
  countries: new Map(
    ['CG', 'IN', 'GB'].map((code) => [code, { code, name: code, validFrom: null, validTo: null }]),
  ),
  statusDate: '2024-01-01',
};

function read(nationality: string): ReadResult {
  return cpjLegacyFormat.read(
    {
      row: 2,
      values: {
        Type: 'Motive Confirmed',
        Date: 'August 29, 1998',
        Name: 'Legacy Reader Test',
        Sex: 'Male',
        Country_killed: 'Republic of Congo',
        Nationality: nationality,
      },
      flags: [],
    },
    context,
  );
}

const recordOf = (result: ReadResult): CaseRecord => {
  if ('reject' in result) throw new Error(`rejected: ${JSON.stringify(result.reject)}`);
  return result.record;
};

describe('CPJ legacy export: nationalities', () => {
  it('reads a World Bank name with a comma as one nationality', () => {
    const record = recordOf(read('Congo, Rep.'));
    expect(record.person.nationalities).toEqual(['CG']);
    expect(record.flags).toEqual([]);
  });

  it('reads a demonym a state shares with its territory as the state, and keeps a list apart', () => {
    expect(recordOf(read('Indian, British')).person.nationalities).toEqual(['IN', 'GB']);
  });

  it('leaves out and flags a nationality two states share', () => {
    const record = recordOf(read('Congolese'));
    expect(record.person.nationalities).toEqual([]);
    expect(record.flags).toEqual(['ambiguous_nationality:Congolese']);
  });
});
