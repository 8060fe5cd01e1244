import { DateScalar } from './instants.js';

describe('the Date scalar', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31', '2023-04-30', '0001-01-01', '9999-12-31'])(
    'serialises %s as it is',
    (text) => expect(DateScalar.serialize(text)).toBe(text),
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-06-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '2024-1-01',
  ])('refuses %s, which is no day of the calendar', (text) => {
    expect(() => DateScalar.serialize(text)).toThrow('not a calendar date');
    expect(() => DateScalar.parseValue(text)).toThrow('not a calendar date');
  });
});
