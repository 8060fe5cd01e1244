import { FORMER_STATES, stateOnDate, VALID_FROM } from './country-history.js';

const day = (date: string) => ({ dateStart: date, dateEnd: null, datePrecision: 'day' });
const year = (y: number) => ({ dateStart: `${y}-01-01`, dateEnd: null, datePrecision: 'year' });

describe('stateOnDate: the successors of Yugoslavia', () => {
  it.each([
    ['SI', day('1991-06-24'), { kind: 'historical', code: 'YU' }],
    ['SI', day('1991-06-25'), { kind: 'as_given', code: 'SI' }],
    ['HR', day('1991-05-02'), { kind: 'historical', code: 'YU' }],
    ['HR', day('1991-07-28'), { kind: 'as_given', code: 'HR' }],
    ['HR', year(1991), { kind: 'as_given', code: 'HR' }],
    ['MK', day('1991-03-01'), { kind: 'historical', code: 'YU' }],
    ['MK', day('2001-05-01'), { kind: 'as_given', code: 'MK' }],
    ['BA', day('1992-01-15'), { kind: 'historical', code: 'YU' }],
    ['BA', day('1992-05-02'), { kind: 'as_given', code: 'BA' }],
    ['RS', day('1994-02-01'), { kind: 'historical', code: 'YU' }],
    ['RS', year(1999), { kind: 'historical', code: 'YU' }],
    ['RS', day('2004-03-17'), { kind: 'historical', code: 'CS' }],
    ['RS', day('2006-06-04'), { kind: 'historical', code: 'CS' }],
    ['RS', day('2006-06-05'), { kind: 'as_given', code: 'RS' }],
    ['RS', year(2006), { kind: 'as_given', code: 'RS' }],
    ['ME', day('2004-05-27'), { kind: 'historical', code: 'CS' }],
    ['ME', day('1995-01-01'), { kind: 'historical', code: 'YU' }],
    ['ME', day('2006-06-03'), { kind: 'as_given', code: 'ME' }],
    ['CS', day('1999-04-23'), { kind: 'historical', code: 'YU' }],
    ['CS', day('2004-01-01'), { kind: 'as_given', code: 'CS' }],
    ['YU', day('1999-04-23'), { kind: 'as_given', code: 'YU' }],
    ['YU', day('2004-01-01'), { kind: 'historical', code: 'CS' }],
    ['XK', day('2008-03-01'), { kind: 'as_given', code: 'XK' }],
  ] as const)('%s on %j', (code, span, expected) => {
    expect(stateOnDate(code, span)).toEqual(expected);
  });

  it.each([
    [day('1999-04-10'), ['YU', 'XK']],
    [day('2005-06-01'), ['CS', 'XK']],
    [year(2007), ['RS', 'XK']],
  ])('holds Kosovo on %j for a reviewer: %j', (span, candidates) => {
    expect(stateOnDate('XK', span)).toMatchObject({ kind: 'contested', candidates });
  });

  it('holds Serbia and Montenegro or Yugoslavia after 2006 among their successors', () => {
    expect(stateOnDate('CS', day('2007-01-01'))).toMatchObject({
      kind: 'contested',
      candidates: ['ME', 'RS'],
    });
    expect(stateOnDate('YU', day('2010-01-01'))).toMatchObject({
      kind: 'contested',
      candidates: ['ME', 'RS'],
    });
  });
});

describe('stateOnDate: the successors of the Soviet Union', () => {
  const successors = FORMER_STATES.find((s) => s.code === 'SU')!.successors;
  const baltic = ['EE', 'LV', 'LT'];

  it.each(successors.filter((c) => !baltic.includes(c)))(
    '%s before its independence is the Soviet Union, and itself after',
    (code) => {
      const from = VALID_FROM[code];
      expect(from).toBeDefined();
      expect(stateOnDate(code, day('1989-06-01'))).toEqual({ kind: 'historical', code: 'SU' });
      expect(stateOnDate(code, day(from))).toEqual({ kind: 'as_given', code });
      expect(stateOnDate(code, day('1995-01-01'))).toEqual({ kind: 'as_given', code });
    },
  );

  it.each(baltic)('%s before its restored independence is for a reviewer', (code) => {
    expect(stateOnDate(code, day('1989-06-01'))).toMatchObject({
      kind: 'contested',
      candidates: ['SU', code],
    });
    expect(stateOnDate(code, day('1992-01-01'))).toEqual({ kind: 'as_given', code });
  });

  it('holds the Soviet Union named after its end among its successors', () => {
    const placed = stateOnDate('SU', day('1993-10-03'));
    expect(placed).toMatchObject({ kind: 'contested' });
    expect(placed.kind === 'contested' && placed.candidates).toEqual(successors);
    expect(stateOnDate('SU', day('1991-01-13'))).toEqual({ kind: 'as_given', code: 'SU' });
  });
});

describe('stateOnDate: Sudan, South Sudan and Timor', () => {
  it.each([
    ['SS', day('2005-01-01'), { kind: 'historical', code: 'SD' }],
    ['SS', day('2011-07-08'), { kind: 'historical', code: 'SD' }],
    ['SS', day('2011-07-09'), { kind: 'as_given', code: 'SS' }],
    ['SS', year(2011), { kind: 'as_given', code: 'SS' }],
    ['SD', day('2005-01-01'), { kind: 'as_given', code: 'SD' }],
    ['SD', day('2015-01-01'), { kind: 'as_given', code: 'SD' }],
    ['TL', day('2002-05-20'), { kind: 'as_given', code: 'TL' }],
    ['TL', day('2010-01-01'), { kind: 'as_given', code: 'TL' }],
    ['ID', day('1999-09-21'), { kind: 'as_given', code: 'ID' }],
    ['ER', day('1990-01-01'), { kind: 'historical', code: 'ET' }],
  ] as const)('%s on %j', (code, span, expected) => {
    expect(stateOnDate(code, span)).toEqual(expected);
  });

  it.each([
    [day('1999-09-21'), ['ID', 'TL']],
    [day('2001-01-01'), ['ID', 'TL']],
    [day('1975-10-16'), ['PT', 'TL']],
  ])('holds East Timor on %j for a reviewer: %j', (span, candidates) => {
    expect(stateOnDate('TL', span)).toMatchObject({ kind: 'contested', candidates });
  });

  it('leaves an undated record, and states that never changed, as given', () => {
    expect(stateOnDate('RS', { dateStart: null, dateEnd: null, datePrecision: 'unknown' })).toEqual(
      { kind: 'as_given', code: 'RS' },
    );
    expect(stateOnDate('FR', day('1950-01-01'))).toEqual({ kind: 'as_given', code: 'FR' });
  });

  it('reads a range by its last day: a range that reaches the new state keeps it', () => {
    expect(
      stateOnDate('SS', { dateStart: '2011-06-01', dateEnd: '2011-08-01', datePrecision: 'day' }),
    ).toEqual({ kind: 'as_given', code: 'SS' });
  });
});
