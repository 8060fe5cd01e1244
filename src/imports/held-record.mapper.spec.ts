import { emptyRecord } from './formats/cpj-common.js';
import { candidatesOf } from './held-record.mapper.js';

/** Records held before the importer kept their candidate countries get them when read. */
describe('candidatesOf', () => {
  const record = (dateStart: string, place: string | null = null) => {
    const r = emptyRecord('cpj', 'key', 2);
    r.incident = { ...r.incident, dateStart, datePrecision: 'day', place };
    return r;
  };

  it.each([
    ['Israel and the Occupied Palestinian Territory', '2014-07-20', ['IL', 'PS']],
    ['Kosovo', '2005-06-01', ['CS', 'XK']],
    ['East Timor', '1999-09-21', ['ID', 'TL']],
    ['Kosovo', '2012-06-01', []],
    ['Peru', '2001-01-01', []],
  ])('%s on %s: %j', (label, date, candidates) => {
    expect([...candidatesOf(label, record(date))].sort()).toEqual(candidates);
  });

  it('has none without a label', () => {
    expect(candidatesOf(null, record('2005-06-01'))).toEqual([]);
  });
});
