import { parseFreeTextDate } from './free-text-date.js';

const TODAY = '2025-06-30';
const read = (text: string) => parseFreeTextDate(text, TODAY);

describe('parseFreeTextDate', () => {
  it.each([
    ['October  2, 2016', { start: '2016-10-02', end: null, precision: 'day' }],
    ['October 22, 2016', { start: '2016-10-22', end: null, precision: 'day' }],
    ['Oct. 2, 2016', { start: '2016-10-02', end: null, precision: 'day' }],
    ['Sept 9 2001', { start: '2001-09-09', end: null, precision: 'day' }],
    ['2 October 2016', { start: '2016-10-02', end: null, precision: 'day' }],
    ['May 22 or 23, 2015', { start: '2015-05-22', end: '2015-05-23', precision: 'day' }],
    ['April 10-12, 1994', { start: '1994-04-10', end: '1994-04-12', precision: 'day' }],
    ['June 30 or July 1, 2015', { start: '2015-06-30', end: '2015-07-01', precision: 'day' }],
    ['December, 1992', { start: '1992-12-01', end: null, precision: 'month' }],
    ['June 1992', { start: '1992-06-01', end: null, precision: 'month' }],
    ['October 2015 - June 2016', { start: '2015-10-01', end: '2016-06-30', precision: 'month' }],
    ['Aug-14', { start: '2014-08-01', end: null, precision: 'month' }],
    ['אוג-14', { start: '2014-08-01', end: null, precision: 'month' }],
    ['ספט-06', { start: '2006-09-01', end: null, precision: 'month' }],
    ['Mar-98', { start: '1998-03-01', end: null, precision: 'month' }],
    ['Date unknown in 2002', { start: '2002-01-01', end: null, precision: 'year' }],
    ['1994', { start: '1994-01-01', end: null, precision: 'year' }],
    ['2016-10-02', { start: '2016-10-02', end: null, precision: 'day' }],
    ['2016-10', { start: '2016-10-01', end: null, precision: 'month' }],
    ['Date unknown', { start: null, end: null, precision: 'unknown' }],
    ['', { start: null, end: null, precision: 'unknown' }],
  ])('reads %j', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('keeps a disclosure date as a note, not as the date', () => {
    expect(read('on an unknown date (death disclosed February 2007)')).toEqual({
      start: null,
      end: null,
      precision: 'unknown',
      note: 'date unknown; disclosed in 2007-02',
    });
  });

  it.each([
    'February 30, 2016',
    'April 12-10, 1994',
    'Octopus 2, 2016',
    'sometime last spring',
    '2016-13',
    '2016-02-30',
    'June 31 or July 1, 2015',
  ])('refuses %j', (text) => {
    expect(read(text)).toBeNull();
  });
});
