/**
 * When states came into being and ended, and what a place was on a date before: the countries
 * table's validity dates (seeded from here) and the rule the importer follows when a monitor
 * names a state on a date it did not exist, in one place.
 */

/** A date span as incidents carry it. */
export interface DateSpan {
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
}

/** Where a label's country stands on an incident's date. */
export type Placement =
  /** The state existed then (or the date is unknown): recorded as given. */
  | { kind: 'as_given'; code: string }
  /** History gives one answer: the state that existed then. */
  | { kind: 'historical'; code: string }
  /** History is contested: a reviewer chooses among the candidates. */
  | { kind: 'contested'; candidates: string[]; reason: string }
  /** The state did not exist then and no rule says what the place was. */
  | { kind: 'absent' };

interface Predecessor {
  code: string;
  /** The day this predecessor ceased to hold the place (the next one's first day). */
  until: string;
}

interface Succession {
  /** The state's first day: its `valid_from` in the countries table. */
  from: string;
  /** What held the place before, oldest first. */
  before: Predecessor[];
  /** Before this date the place's state is disputed: the candidates are the predecessor and `also`. */
  contestedUntil?: string;
  also?: string[];
  why?: string;
}

const YU = (until: string): Predecessor => ({ code: 'YU', until });
const SU = (until: string): Predecessor => ({ code: 'SU', until });
const BALTIC =
  'the Baltic states count the Soviet years as an occupation; their independence was restored in 1990–1991';

/**
 * States that came into being since the end of the Cold War and what held their territory before.
 * Yugoslavia (YU) is the SFRY and then the FRY, renamed Serbia and Montenegro (CS) in 2003.
 */
const SUCCESSIONS: Record<string, Succession> = {
  // Successors of Yugoslavia.
  SI: { from: '1991-06-25', before: [YU('1991-06-25')] },
  HR: { from: '1991-06-25', before: [YU('1991-06-25')] },
  MK: { from: '1991-09-08', before: [YU('1991-09-08')] },
  BA: { from: '1992-03-03', before: [YU('1992-03-03')] },
  CS: { from: '2003-02-04', before: [YU('2003-02-04')] },
  ME: { from: '2006-06-03', before: [YU('2003-02-04'), { code: 'CS', until: '2006-06-03' }] },
  RS: { from: '2006-06-05', before: [YU('2003-02-04'), { code: 'CS', until: '2006-06-05' }] },
  XK: {
    from: '2008-02-17',
    before: [
      YU('2003-02-04'),
      { code: 'CS', until: '2006-06-05' },
      { code: 'RS', until: '2008-02-17' },
    ],
    contestedUntil: '2008-02-17',
    also: ['XK'],
    why: 'Kosovo was a province of Serbia, under UN administration from 1999, until it declared independence in 2008',
  },
  // Successors of the Soviet Union (the dates their independence took effect).
  GE: { from: '1991-04-09', before: [SU('1991-04-09')] },
  EE: {
    from: '1991-08-20',
    before: [SU('1991-08-20')],
    contestedUntil: '1991-08-20',
    also: ['EE'],
    why: BALTIC,
  },
  LV: {
    from: '1991-08-21',
    before: [SU('1991-08-21')],
    contestedUntil: '1991-08-21',
    also: ['LV'],
    why: BALTIC,
  },
  LT: {
    from: '1990-03-11',
    before: [SU('1990-03-11')],
    contestedUntil: '1990-03-11',
    also: ['LT'],
    why: BALTIC,
  },
  UA: { from: '1991-08-24', before: [SU('1991-08-24')] },
  BY: { from: '1991-08-25', before: [SU('1991-08-25')] },
  MD: { from: '1991-08-27', before: [SU('1991-08-27')] },
  AZ: { from: '1991-08-30', before: [SU('1991-08-30')] },
  KG: { from: '1991-08-31', before: [SU('1991-08-31')] },
  UZ: { from: '1991-08-31', before: [SU('1991-08-31')] },
  TJ: { from: '1991-09-09', before: [SU('1991-09-09')] },
  AM: { from: '1991-09-21', before: [SU('1991-09-21')] },
  TM: { from: '1991-10-27', before: [SU('1991-10-27')] },
  KZ: { from: '1991-12-16', before: [SU('1991-12-16')] },
  RU: { from: '1991-12-25', before: [SU('1991-12-25')] },
  // Africa.
  ER: { from: '1993-05-24', before: [{ code: 'ET', until: '1993-05-24' }] },
  SS: { from: '2011-07-09', before: [{ code: 'SD', until: '2011-07-09' }] },
  // Timor: Portuguese until 1975, then occupied by Indonesia (never recognised by the UN), then
  // under UN administration from 1999 until independence in 2002.
  TL: {
    from: '2002-05-20',
    before: [
      { code: 'PT', until: '1975-12-07' },
      { code: 'ID', until: '2002-05-20' },
    ],
    contestedUntil: '2002-05-20',
    also: ['TL'],
    why: 'East Timor’s status before its independence in 2002 is disputed (Portuguese, then occupied by Indonesia, then under UN administration)',
  },
};

/** Former states (ISO 3166-3) that cases are recorded under, and who came after them. */
export const FORMER_STATES = [
  {
    code: 'SU',
    alpha3: 'SUN',
    numericCode: '810',
    name: 'Soviet Union',
    validTo: '1991-12-26',
    continent: 'Europe',
    successors: [
      'AM',
      'AZ',
      'BY',
      'EE',
      'GE',
      'KG',
      'KZ',
      'LT',
      'LV',
      'MD',
      'RU',
      'TJ',
      'TM',
      'UA',
      'UZ',
    ],
  },
  {
    code: 'YU',
    alpha3: 'YUG',
    numericCode: '891',
    name: 'Yugoslavia',
    validTo: '2003-02-04',
    continent: 'Europe',
    // Renamed, not dissolved: the same state went on as Serbia and Montenegro.
    successors: ['CS'],
  },
  {
    code: 'CS',
    alpha3: 'SCG',
    numericCode: '891',
    name: 'Serbia and Montenegro',
    validTo: '2006-06-03',
    continent: 'Europe',
    successors: ['ME', 'RS'],
  },
] as const;

/** The first day of each state that came into being since 1990 (the countries table's valid_from). */
export const VALID_FROM: Record<string, string> = Object.fromEntries(
  Object.entries(SUCCESSIONS).map(([code, s]) => [code, s.from]),
);

/** The last day an incident dated so may have happened on, at its precision. */
export function latestDay(span: DateSpan): string | null {
  const { dateStart, dateEnd, datePrecision } = span;
  if (!dateStart) return null;
  if (dateEnd) return dateEnd;
  if (datePrecision === 'year') return `${dateStart.slice(0, 4)}-12-31`;
  if (datePrecision === 'month') return `${dateStart.slice(0, 7)}-28`;
  return dateStart;
}

/**
 * What a state named on an incident's date was then. A state that did not exist yet gives way to
 * the one that held the place (Serbia in 1994: Yugoslavia), or to a reviewer's choice where that is
 * disputed (Kosovo before 2008, East Timor before 2002); a former state named after its end gives
 * way to its one successor, or to a reviewer's choice among several. Only a span that lies wholly
 * outside the state's existence moves it: a year that saw the state begin keeps it.
 */
export function stateOnDate(code: string, span: DateSpan): Placement {
  const start = span.dateStart;
  const latest = latestDay(span);
  if (!start || !latest) return { kind: 'as_given', code };
  const succession = SUCCESSIONS[code];
  if (succession && latest < succession.from) {
    const predecessor = succession.before.find((p) => start < p.until);
    if (!predecessor) return { kind: 'as_given', code };
    if (succession.contestedUntil && start < succession.contestedUntil) {
      const candidates = [...new Set([predecessor.code, ...(succession.also ?? [])])];
      return {
        kind: 'contested',
        candidates,
        reason: `${code} on ${start}: ${succession.why}; a reviewer chooses between ${candidates.join(' and ')}`,
      };
    }
    // The predecessor may itself be a state named before its own beginning (CS before 2003).
    const earlier = stateOnDate(predecessor.code, span);
    return {
      kind: 'historical',
      code: earlier.kind === 'historical' ? earlier.code : predecessor.code,
    };
  }
  const former = FORMER_STATES.find((f) => f.code === code);
  if (former && start >= former.validTo) {
    if (former.successors.length === 1) {
      const next = stateOnDate(former.successors[0], span);
      return next.kind === 'as_given' ? { kind: 'historical', code: next.code } : next;
    }
    const candidates = [...former.successors];
    return {
      kind: 'contested',
      candidates,
      reason: `${former.name} no longer existed on ${start}: a reviewer chooses among its successors (${candidates.join(', ')})`,
    };
  }
  return { kind: 'as_given', code };
}
