import type { CaseRecord, ReadResult } from '../import-record.js';
import { cpjApiFormat } from './cpj-api.format.js';
import type { FormatContext } from './import-format.js';

const context: FormatContext = {
  countries: new Map([['MX', { code: 'MX', name: 'Mexico', validFrom: null, validTo: null }]]),
  statusDate: '2024-01-01',
};

function read(values: Record<string, string>): ReadResult {
  return cpjApiFormat.read(
    {
      row: 2,
      values: {
        year: '2016',
        fullName: 'API Reader Test',
        status: 'Killed',
        country: 'Mexico',
        gender: 'Male',
        jobs: 'Print Reporter',
        ...values,
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

describe('CPJ data API: motive', () => {
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
