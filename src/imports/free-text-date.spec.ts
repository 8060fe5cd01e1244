import { parseFreeTextDate, readOrKeepDate } from './free-text-date.js';

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
    ['September 11th, 2001', { start: '2001-09-11', end: null, precision: 'day' }],
    ['1st March 1995', { start: '1995-03-01', end: null, precision: 'day' }],
    ['May 22/23, 2015', { start: '2015-05-22', end: '2015-05-23', precision: 'day' }],
    [
      'December 31, 1999 or January 1, 2000',
      { start: '1999-12-31', end: '2000-01-01', precision: 'day' },
    ],
    ['Between May 5 and May 7, 2015', { start: '2015-05-05', end: '2015-05-07', precision: 'day' }],
    ['Between May and June 2015', { start: '2015-05-01', end: '2015-06-30', precision: 'month' }],
    ['May-June 2015', { start: '2015-05-01', end: '2015-06-30', precision: 'month' }],
    ['1994 or 1995', { start: '1994-01-01', end: '1995-12-31', precision: 'year' }],
    ['1994-1995', { start: '1994-01-01', end: '1995-12-31', precision: 'year' }],
    // Shapes met in whole CPJ files.
    ['July 2007,', { start: '2007-07-01', end: null, precision: 'month' }],
    ['July 2007.', { start: '2007-07-01', end: null, precision: 'month' }],
    ['January, 10, 1995', { start: '1995-01-10', end: null, precision: 'day' }],
    ['May 2,3 or 4, 2015', { start: '2015-05-02', end: '2015-05-04', precision: 'day' }],
    ['May 2, 3, and 4, 2015', { start: '2015-05-02', end: '2015-05-04', precision: 'day' }],
    ['June 24 through July 9, 2013', { start: '2013-06-24', end: '2013-07-09', precision: 'day' }],
    ['June 24 thru 26, 2013', { start: '2013-06-24', end: '2013-06-26', precision: 'day' }],
    [
      'June 24, 2013 until July 9, 2013',
      { start: '2013-06-24', end: '2013-07-09', precision: 'day' },
    ],
    ['March 30-April 2, 2004', { start: '2004-03-30', end: '2004-04-02', precision: 'day' }],
    ['March 3 & 4, 2004', { start: '2004-03-03', end: '2004-03-04', precision: 'day' }],
    ['March 3–4, 2004', { start: '2004-03-03', end: '2004-03-04', precision: 'day' }],
    ['March 3 — 4, 2004', { start: '2004-03-03', end: '2004-03-04', precision: 'day' }],
    ['24-26 June 2013', { start: '2013-06-24', end: '2013-06-26', precision: 'day' }],
    ['3 or 4 March 2004', { start: '2004-03-03', end: '2004-03-04', precision: 'day' }],
    ['24 June - 9 July 2013', { start: '2013-06-24', end: '2013-07-09', precision: 'day' }],
    ['the 3rd of March, 2004', { start: '2004-03-03', end: null, precision: 'day' }],
    ['Sunday, March 7, 2004', { start: '2004-03-07', end: null, precision: 'day' }],
    ['On March 7, 2004', { start: '2004-03-07', end: null, precision: 'day' }],
    ['10-Jan-1995', { start: '1995-01-10', end: null, precision: 'day' }],
    ['10-Jan-95', { start: '1995-01-10', end: null, precision: 'day' }],
    ['10 Jan. 1995', { start: '1995-01-10', end: null, precision: 'day' }],
    ['Jan 10 1995', { start: '1995-01-10', end: null, precision: 'day' }],
    ['JANUARY 10, 1995', { start: '1995-01-10', end: null, precision: 'day' }],
    ['2004/03/03', { start: '2004-03-03', end: null, precision: 'day' }],
    ['2004-03-03T10:30:00Z', { start: '2004-03-03', end: null, precision: 'day' }],
    ['03.04.2004', { start: '2004-04-03', end: null, precision: 'day' }],
    ['Jan. 1995', { start: '1995-01-01', end: null, precision: 'month' }],
    ['January of 1995', { start: '1995-01-01', end: null, precision: 'month' }],
    ['in January 1995', { start: '1995-01-01', end: null, precision: 'month' }],
    ['March-2004', { start: '2004-03-01', end: null, precision: 'month' }],
    ['(March 2004)', { start: '2004-03-01', end: null, precision: 'month' }],
    ['Between 1994 and 1996', { start: '1994-01-01', end: '1996-12-31', precision: 'year' }],
    ['1994-96', { start: '1994-01-01', end: '1996-12-31', precision: 'year' }],
    ['1990s', { start: '1990-01-01', end: '1999-12-31', precision: 'year' }],
    ['Unknown, 2004', { start: '2004-01-01', end: null, precision: 'year' }],
    ['Unknown date in 2004', { start: '2004-01-01', end: null, precision: 'year' }],
    ['N/A', { start: null, end: null, precision: 'unknown' }],
    ['?', { start: null, end: null, precision: 'unknown' }],
    ['  1998  ', { start: '1998-01-01', end: null, precision: 'year' }],
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
    ['circa 1994', { start: '1994-01-01', end: null, precision: 'year' }],
    ['On or about May 5, 2010', { start: '2010-05-05', end: null, precision: 'day' }],
    ['Late May 2015', { start: '2015-05-01', end: null, precision: 'month' }],
    ['mid-2015', { start: '2015-01-01', end: null, precision: 'year' }],
    ['Early 2015', { start: '2015-01-01', end: null, precision: 'year' }],
    ['Summer 2003', { start: '2003-01-01', end: null, precision: 'year' }],
    ['end of 1998', { start: '1998-01-01', end: null, precision: 'year' }],
    ['Sometime in 2004', { start: '2004-01-01', end: null, precision: 'year' }],
    ['2004?', { start: '2004-01-01', end: null, precision: 'year' }],
    ['March 3, 2004?', { start: '2004-03-03', end: null, precision: 'day' }],
    ['Early April, 2004', { start: '2004-04-01', end: null, precision: 'month' }],
    ['Late 1990s', { start: '1990-01-01', end: '1999-12-31', precision: 'year' }],
  ])('reads %j as the month or year it names, flagged as approximate', (text, expected) => {
    expect(read(text)).toEqual({ ...expected, note: `approximate_date:${text}` });
  });

  it.each([
    'February 30, 2016',
    'April 12-10, 1994',
    'Octopus 2, 2016',
    'sometime last spring',
    '2016-13',
    '2016-02-30',
    'June 31 or July 1, 2015',
    '1995 or 1994',
    'June or May 2015',
    'January 1, 2000 or December 31, 1999',
    '10/02/2016', // day and month in an order no one can tell
    'circa sometime',
    'late date unknown',
  ])('refuses %j', (text) => {
    expect(read(text)).toBeNull();
  });

  it.each([
    ['10/02/2016', { start: '2016-01-01', end: null, precision: 'year' }],
    ['Before March 3, 2004', { start: '2004-01-01', end: null, precision: 'year' }],
    ['sometime last spring', { start: null, end: null, precision: 'unknown' }],
    ['1994 or 1995 or 1996?', { start: null, end: null, precision: 'unknown' }],
    ['February 30, 2016', { start: '2016-01-01', end: null, precision: 'year' }],
  ])('keeps %j as an undated record (or dated by its one year), noting the text', (text, date) => {
    expect(readOrKeepDate(text, TODAY)).toEqual({ ...date, note: `unreadable_date:${text}` });
  });

  it('keeps a date it reads as it reads it', () => {
    expect(readOrKeepDate('July 2007,', TODAY)).toEqual({
      start: '2007-07-01',
      end: null,
      precision: 'month',
    });
  });
});
