import type { DatePrecision } from '../incidents/incident.enums.js';

/** A date as a source wrote it, read with its precision; `end` is set for ranges. */
export interface ParsedDate {
  start: string | null;
  end: string | null;
  precision: DatePrecision;
  /** Something a reviewer should know (e.g. only the disclosure date is known). */
  note?: string;
}

const ENGLISH_MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
/**
 * Month abbreviations of a spreadsheet saved in a Hebrew locale: CPJ's legacy export has dates
 * such as "אוג-14" (Aug-14), written in windows-1255.
 */
const HEBREW_MONTHS: Record<string, number> = {
  ינו: 1,
  פבר: 2,
  מרץ: 3,
  אפר: 4,
  מאי: 5,
  יונ: 6,
  יול: 7,
  אוג: 8,
  ספט: 9,
  אוק: 10,
  נוב: 11,
  דצמ: 12,
};

function month(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (HEBREW_MONTHS[w]) return HEBREW_MONTHS[w];
  if (w.length < 3) return undefined;
  const key = w.startsWith('sept') ? 'sept' : w.slice(0, 3);
  // Only a prefix of the month's name: "Octob" yes, "Octopus" no.
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ];
  const m = ENGLISH_MONTHS[key];
  return m && full[m - 1].startsWith(w === 'sept' ? 'sep' : w) ? m : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD when the day exists in that month, else null. */
export function isoDate(year: number, monthNumber: number, day: number): string | null {
  const d = new Date(Date.UTC(year, monthNumber - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== monthNumber - 1 || d.getUTCDate() !== day)
    return null;
  return `${year}-${pad(monthNumber)}-${pad(day)}`;
}

const lastDay = (year: number, monthNumber: number) =>
  isoDate(year, monthNumber, new Date(Date.UTC(year, monthNumber, 0)).getUTCDate())!;

/** Two-digit years: up to this year's two digits are 20xx, the rest 19xx. */
function fullYear(text: string, today: string): number {
  if (text.length === 4) return Number(text);
  const yy = Number(text);
  return yy <= Number(today.slice(2, 4)) ? 2000 + yy : 1900 + yy;
}

const MONTH = String.raw`([\p{L}]{3,}\.?)`;
const YEAR = String.raw`(\d{4})`;
/** What separates the two ends of a range: "22 or 23", "10-12", "10 to 12", "22/23", "24 through 26". */
const TO = String.raw` ?(?:or|-|–|—|to|and|&|/|through|thru|until|till) ?`;

/** Words saying that a date is approximate ("circa 1994", "on or about May 5, 2010"). */
const APPROXIMATE =
  /^(?:circa|ca\.|c\.|about|around|approximately|approx\.|on or about|on or around|sometime in|some time in|sometime|probably|possibly|reportedly|in or around)\s+/i;
/** Parts of a month or year ("late May 2015", "mid-2015", "summer 2003"): the date is only that month or year. */
const PART =
  /^(?:early|mid|late|beginning of|end of|start of|middle of|spring|summer|autumn|fall|winter)(?:\s+of)?[\s-]+/i;
const WEEKDAY = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+/i;

/**
 * The text as the patterns expect it: one space between words, no ordinals ("3rd"), no weekday,
 * no leading "on", "between" or "the", "of" between day and month, no punctuation around it, the
 * comma of "January, 10, 1995" dropped, and a list of days ("2,3 or 4") written as its range.
 */
function tidy(input: string): string {
  let text = input
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1')
    .replace(/^[\s,.;:()[\]"'-]+|[\s,.;:()[\]"'-]+$/g, '')
    .replace(/^(?:on|in|between|from|the)\s+(?!or\b)/i, '')
    .replace(WEEKDAY, '')
    .replace(/^(\d{1,2}) of /i, '$1 ')
    .replace(/^(\p{L}{3,}\.?), (\d{1,2}),? (\d{4})$/u, '$1 $2, $3');
  // "May 2,3 or 4, 2015", "May 2, 3, and 4, 2015": the days from the first to the last.
  const list = text.match(
    /^(\p{L}{3,}\.?) (\d{1,2}(?: ?(?:,? ?(?:or|and|&)|,) ?\d{1,2}){2,}),? (\d{4})$/iu,
  );
  if (list) {
    const days = list[2].split(/ ?(?:,? ?(?:or|and|&)|,) ?/i).map(Number);
    text = `${list[1]} ${Math.min(...days)}-${Math.max(...days)}, ${list[3]}`;
  }
  return text;
}

/**
 * Reads a free-text date (see readDate), also when it says it is approximate or names only a part
 * of a month or year: then it is read as that month or year, with a note for a reviewer.
 */
export function parseFreeTextDate(
  input: string,
  today = new Date().toISOString().slice(0, 10),
): ParsedDate | null {
  const doubtful = /\?\s*$/.test(input) && input.trim() !== '?';
  const text = tidy(input.replace(/\?\s*$/, ''));
  const rest = text.replace(APPROXIMATE, '');
  const part = rest.replace(PART, '');
  if (part === text && !doubtful) return readDate(text, today);
  const date = readDate(part, today);
  if (!date || date.precision === 'unknown') return null;
  return { ...date, note: `approximate_date:${input.trim()}` };
}

/**
 * A date that is read, or else what is sure of it: the one year the text names (a year between
 * 1900 and today's), or nothing, with the text kept in a note so that a reviewer can date it.
 * A killing is never lost to a date the reader does not understand.
 */
export function readOrKeepDate(
  input: string,
  today = new Date().toISOString().slice(0, 10),
): ParsedDate {
  const parsed = parseFreeTextDate(input, today);
  if (parsed) return parsed;
  const note = `unreadable_date:${input.trim()}`;
  const years = [...new Set(input.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/g) ?? [])].filter(
    (y) => y <= today.slice(0, 4),
  );
  return years.length === 1
    ? { start: `${years[0]}-01-01`, end: null, precision: 'year', note }
    : { start: null, end: null, precision: 'unknown', note };
}

/**
 * Reads a free-text date: "October  2, 2016" (day), "May 22 or 23, 2015" and "April 10-12, 1994"
 * (day ranges), "June 30 or July 1, 2015", "December 31, 1999 or January 1, 2000", "December,
 * 1992" and "Aug-14" (months), "October 2015 - June 2016" and "May or June 2015" (month ranges),
 * "1994 or 1995" (a year range), "Date unknown in 2002" (year), "Date unknown", ISO dates. Returns
 * null when the text is not a date it understands.
 */
function readDate(text: string, today: string): ParsedDate | null {
  if (!text) return { start: null, end: null, precision: 'unknown' };
  const re = (pattern: string) => new RegExp(`^${pattern}$`, 'iu');
  let m: RegExpMatchArray | null;

  // ISO dates, also with a time ("2004-03-03T10:00:00Z") or slashes ("2004/03/03")
  if ((m = text.match(re(String.raw`(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.]+Z?)?`)))) {
    const start = isoDate(+m[1], +m[2], +m[3]);
    return start ? { start, end: null, precision: 'day' } : null;
  }
  // "2016-10"; "1994-96" is a range of years (below), "2016-13" nothing
  if ((m = text.match(re(String.raw`(\d{4})-(\d{2})`))) && !(+m[2] > 12 && +m[2] > +m[1] % 100)) {
    const start = +m[2] >= 1 && +m[2] <= 12 ? isoDate(+m[1], +m[2], 1) : null;
    return start ? { start, end: null, precision: 'month' } : null;
  }
  if ((m = text.match(re(YEAR)))) return { start: `${m[1]}-01-01`, end: null, precision: 'year' };
  // "03.03.2004": day, month and year as Europe writes them with dots
  if ((m = text.match(re(String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`)))) {
    const start = isoDate(+m[3], +m[2], +m[1]);
    return start ? { start, end: null, precision: 'day' } : null;
  }
  // "1990s": the decade
  if ((m = text.match(re(String.raw`(\d{3})0'?s`))))
    return { start: `${m[1]}0-01-01`, end: `${m[1]}9-12-31`, precision: 'year' };
  // "1994-96"
  if ((m = text.match(re(String.raw`(\d{2})(\d{2})${TO}(\d{2})`)))) {
    const end = `${m[1]}${m[3]}`;
    return end > `${m[1]}${m[2]}`
      ? { start: `${m[1]}${m[2]}-01-01`, end: `${end}-12-31`, precision: 'year' }
      : null;
  }
  // "1994 or 1995", "1994-1995"
  if ((m = text.match(re(`${YEAR}${TO}${YEAR}`))))
    return m[2] > m[1] ? { start: `${m[1]}-01-01`, end: `${m[2]}-12-31`, precision: 'year' } : null;
  if (/^(?:(?:date )?unknown|unknown date|n\/?a|n\.d|not known|\?)$/i.test(text))
    return { start: null, end: null, precision: 'unknown' };
  if ((m = text.match(re(String.raw`(?:date )?unknown(?: date)?,? (?:in )?${YEAR}`))))
    return { start: `${m[1]}-01-01`, end: null, precision: 'year' };
  if ((m = text.match(/\bunknown date\b.*\bdisclosed (?:in )?([\p{L}]+),? (\d{4})\b/iu))) {
    const mm = month(m[1]);
    if (!mm) return null;
    return {
      start: null,
      end: null,
      precision: 'unknown',
      note: `date unknown; disclosed in ${m[2]}-${pad(mm)}`,
    };
  }
  // "October 2, 2016", "October 2 2016", "Oct. 2, 2016"
  if ((m = text.match(re(String.raw`${MONTH} (\d{1,2}),? ${YEAR}`)))) {
    const mm = month(m[1]);
    const start = mm ? isoDate(+m[3], mm, +m[2]) : null;
    return start ? { start, end: null, precision: 'day' } : null;
  }
  // "2 October 2016"
  if ((m = text.match(re(String.raw`(\d{1,2}) ${MONTH},? ${YEAR}`)))) {
    const mm = month(m[2]);
    const start = mm ? isoDate(+m[3], mm, +m[1]) : null;
    return start ? { start, end: null, precision: 'day' } : null;
  }
  // "10-Jan-1995", "10-Jan-95", "10 Jan 95"
  if ((m = text.match(re(String.raw`(\d{1,2})[- ]${MONTH}[- ](\d{4}|\d{2})`)))) {
    const mm = month(m[2]);
    const start = mm ? isoDate(fullYear(m[3], today), mm, +m[1]) : null;
    return start ? { start, end: null, precision: 'day' } : null;
  }
  // "24-26 June 2013", "3 or 4 March 2004"
  if ((m = text.match(re(String.raw`(\d{1,2})${TO}(\d{1,2}) ${MONTH},? ${YEAR}`)))) {
    const mm = month(m[3]);
    const start = mm ? isoDate(+m[4], mm, +m[1]) : null;
    const end = mm ? isoDate(+m[4], mm, +m[2]) : null;
    return start && end && end >= start ? { start, end, precision: 'day' } : null;
  }
  // "24 June - 9 July 2013"
  if ((m = text.match(re(String.raw`(\d{1,2}) ${MONTH}${TO}(\d{1,2}) ${MONTH},? ${YEAR}`)))) {
    const [m1, m2] = [month(m[2]), month(m[4])];
    const start = m1 ? isoDate(+m[5], m1, +m[1]) : null;
    const end = m2 ? isoDate(+m[5], m2, +m[3]) : null;
    return start && end && end >= start ? { start, end, precision: 'day' } : null;
  }
  // "May 22 or 23, 2015", "April 10-12, 1994", "April 10 to 12, 1994"
  if ((m = text.match(re(String.raw`${MONTH} (\d{1,2})${TO}(\d{1,2}),? ${YEAR}`)))) {
    const mm = month(m[1]);
    const start = mm ? isoDate(+m[4], mm, +m[2]) : null;
    const end = mm ? isoDate(+m[4], mm, +m[3]) : null;
    return start && end && end >= start ? { start, end, precision: 'day' } : null;
  }
  // "June 30 or July 1, 2015"
  if ((m = text.match(re(String.raw`${MONTH} (\d{1,2})${TO}${MONTH} (\d{1,2}),? ${YEAR}`)))) {
    const [m1, m2] = [month(m[1]), month(m[3])];
    const start = m1 ? isoDate(+m[5], m1, +m[2]) : null;
    const end = m2 ? isoDate(+m[5], m2, +m[4]) : null;
    return start && end && end >= start ? { start, end, precision: 'day' } : null;
  }
  // "December 31, 1999 or January 1, 2000"
  if (
    (m = text.match(re(String.raw`${MONTH} (\d{1,2}),? ${YEAR}${TO}${MONTH} (\d{1,2}),? ${YEAR}`)))
  ) {
    const [m1, m2] = [month(m[1]), month(m[4])];
    const start = m1 ? isoDate(+m[3], m1, +m[2]) : null;
    const end = m2 ? isoDate(+m[6], m2, +m[5]) : null;
    return start && end && end >= start ? { start, end, precision: 'day' } : null;
  }
  // "May or June 2015"
  if ((m = text.match(re(String.raw`${MONTH}${TO}${MONTH},? ${YEAR}`)))) {
    const [m1, m2] = [month(m[1]), month(m[2])];
    return m1 && m2 && m2 > m1
      ? { start: isoDate(+m[3], m1, 1), end: lastDay(+m[3], m2), precision: 'month' }
      : null;
  }
  // "October 2015 - June 2016"
  if ((m = text.match(re(String.raw`${MONTH},? ${YEAR}${TO}${MONTH},? ${YEAR}`)))) {
    const [m1, m2] = [month(m[1]), month(m[3])];
    if (!m1 || !m2) return null;
    const start = isoDate(+m[2], m1, 1)!;
    const end = lastDay(+m[4], m2);
    return end >= start ? { start, end, precision: 'month' } : null;
  }
  // "December, 1992", "June 1992", "January of 1995", "Aug-14", "אוג-14"
  if ((m = text.match(re(String.raw`${MONTH}(?:,? |-| of )(\d{4}|\d{2})`)))) {
    const mm = month(m[1]);
    if (!mm) return null;
    return { start: isoDate(fullYear(m[2], today), mm, 1), end: null, precision: 'month' };
  }
  return null;
}
