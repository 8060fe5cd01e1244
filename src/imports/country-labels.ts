import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import type { Countries } from 'world-countries';

// Both packages ship CommonJS data; require keeps their typings honest (as seeds/countries.seed.ts).
const require = createRequire(import.meta.url);
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));
const worldCountries = require('world-countries') as Countries;

/** What a monitor's country label means on a date. */
export type CountryResolution =
  | { kind: 'country'; code: string }
  /** The label covers several countries; the importer records it and asks a reviewer. */
  | { kind: 'ambiguous'; candidates: string[]; reason: string }
  /** Deliberately no country (CPJ's "Stateless" nationality). */
  | { kind: 'none' }
  | { kind: 'unknown' };

const normalised = new Map<string, string>();

/** Lower case, no accents, no punctuation but letters, digits and single spaces. */
export function normaliseLabel(label: string): string {
  let result = normalised.get(label);
  if (result === undefined) {
    // Remembered: a file repeats the same countries, mediums and sources of fire on every row.
    if (normalised.size > 50_000) normalised.clear();
    result = label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    normalised.set(label, result);
  }
  return result;
}

/** Monitors' own labels (CPJ's, mostly) that the ISO libraries do not know or would misread. */
const MONITOR_LABELS: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  bosnia: 'BA',
  'bosnia herzegovina': 'BA',
  'bosnia and herzegovina': 'BA',
  'republic of congo': 'CG',
  'congo rep': 'CG',
  'congo republic': 'CG',
  'congo brazzaville': 'CG',
  'democratic republic of the congo': 'CD',
  'democratic republic of congo': 'CD',
  'congo dem rep': 'CD',
  drc: 'CD',
  'ivory coast': 'CI',
  'cote d ivoire': 'CI',
  palestinian: 'PS',
  'palestinian territory': 'PS',
  'occupied palestinian territory': 'PS',
  'palestinian territories': 'PS',
  'occupied palestinian territories': 'PS',
  gaza: 'PS',
  'gaza strip': 'PS',
  'west bank': 'PS',
  // Regions that monitors name in place of the state they are in.
  'northern ireland': 'GB',
  chechnya: 'RU',
  somaliland: 'SO',
  'congo democratic republic of': 'CD',
  'congo democratic republic': 'CD',
  zaire: 'CD',
  'sao tome': 'ST',
  burma: 'MM',
  burmese: 'MM',
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  macedonia: 'MK',
  swaziland: 'SZ',
  'east timor': 'TL',
  uae: 'AE',
  kosovo: 'XK',
  philippine: 'PH',
  filipino: 'PH',
  turkmen: 'TM',
  'soviet union': 'SU',
  ussr: 'SU',
  // Named as given; what they were on a date is the rule of countries/country-history.ts.
  yugoslavia: 'YU',
  'serbia and montenegro': 'CS',
  // Demonyms as monitors write them where the libraries spell them otherwise.
  nepali: 'NP',
  ecuadorian: 'EC',
  tajik: 'TJ',
  tajikistani: 'TJ',
  uzbek: 'UZ',
  kazakh: 'KZ',
  kyrgyz: 'KG',
  bosnian: 'BA',
  azeri: 'AZ',
  byelorussian: 'BY',
  timorese: 'TL',
  'east timorese': 'TL',
  kosovan: 'XK',
  salvadorean: 'SV',
  filipina: 'PH',
  yemenite: 'YE',
  'north macedonian': 'MK',
  english: 'GB',
  scottish: 'GB',
  welsh: 'GB',
  'northern irish': 'GB',
  // The World Bank's names (its population files, and monitors' sheets built on them).
  'korea rep': 'KR',
  'korea dem rep': 'KP',
  'korea dem people s rep': 'KP',
  'iran islamic rep': 'IR',
  'egypt arab rep': 'EG',
  'yemen rep': 'YE',
  'venezuela rb': 'VE',
  'gambia the': 'GM',
  'bahamas the': 'BS',
  'lao pdr': 'LA',
  'micronesia fed sts': 'FM',
  'hong kong sar china': 'HK',
  'macao sar china': 'MO',
  'west bank and gaza': 'PS',
};

/** Labels that name more than one country: recorded as given and held for a reviewer. */
const AMBIGUOUS_LABELS: Record<string, string[]> = {
  'israel and the occupied palestinian territory': ['IL', 'PS'],
  'israel occupied': ['IL', 'PS'],
  'israel and occupied territories': ['IL', 'PS'],
};

/** Labels that say there is no country (a nationality field). */
const NO_COUNTRY = new Set(['stateless', 'unknown', 'n a', 'none']);

/**
 * Places that settle CPJ's combined Israel/Palestine label. Only unambiguous ones: Jerusalem is in
 * neither list, so a Jerusalem case stays for a reviewer.
 */
const PLACES_BY_COUNTRY: Record<string, string[]> = {
  PS: [
    'gaza',
    'gaza city',
    'gaza strip',
    'west bank',
    'ramallah',
    'nablus',
    'hebron',
    'jenin',
    'bethlehem',
    'jericho',
    'tulkarem',
    'tulkarm',
    'qalqilya',
    'khan younis',
    'khan yunis',
    'rafah',
    'jabalia',
    'deir al balah',
    'beit hanoun',
    'beit lahia',
    'nuseirat',
    'al bireh',
  ],
  IL: ['tel aviv', 'haifa', 'ashkelon', 'sderot', 'beersheba', 'eilat', 'netanya', 'ashdod'],
};

function buildIndex(): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (label: string | undefined, code: string) => {
    if (!label) return;
    const key = normaliseLabel(label);
    if (!key) return;
    if (!index.has(key)) index.set(key, new Set());
    index.get(key)!.add(code);
  };
  for (const [code, names] of Object.entries(isoCountries.getNames('en', { select: 'all' }))) {
    for (const name of names) add(name, code);
  }
  for (const country of worldCountries) {
    add(country.name.common, country.cca2);
    add(country.name.official, country.cca2);
    for (const spelling of country.altSpellings)
      if (spelling.length > 3) add(spelling, country.cca2);
    add(country.demonyms?.eng?.m, country.cca2);
    add(country.demonyms?.eng?.f, country.cca2);
  }
  return index;
}

let index: Map<string, Set<string>> | undefined;

/** Sovereign states (world-countries' `independent`), as against territories and dependencies. */
const independent = new Set(worldCountries.filter((c) => c.independent).map((c) => c.cca2));

/**
 * Maps a monitor's country label (a name, a demonym or a code) to an ISO alpha-2 code: first the
 * monitors' explicit table, then the names, alternative spellings and demonyms of
 * i18n-iso-countries and world-countries. A label that two states share is never guessed.
 */
export function resolveCountryLabel(
  label: string,
  options: { date?: string | null; place?: string | null } = {},
): CountryResolution {
  const key = normaliseLabel(label);
  if (!key) return { kind: 'unknown' };
  if (NO_COUNTRY.has(key)) return { kind: 'none' };
  const ambiguous = AMBIGUOUS_LABELS[key];
  if (ambiguous) {
    const decided = decideFromPlace(ambiguous, options.place);
    if (decided) return { kind: 'country', code: decided };
    return {
      kind: 'ambiguous',
      candidates: ambiguous,
      reason: `"${label.trim()}" covers ${ambiguous.join(' and ')} and the place${options.place ? ` ("${options.place}")` : ''} does not settle which`,
    };
  }
  const explicit = MONITOR_LABELS[key];
  if (explicit) return { kind: 'country', code: explicit };
  if (/^[a-z]{2}$/.test(key) && isoCountries.isValid(key.toUpperCase()))
    return { kind: 'country', code: key.toUpperCase() };
  index ??= buildIndex();
  let codes = index.get(key);
  if (!codes) return { kind: 'unknown' };
  // A name a state shares with a territory of its own ("American", "French", "Indian") is the
  // state's; one that two states share ("Congolese", "Dominican") stays undecided.
  const states = [...codes].filter((code) => independent.has(code));
  if (codes.size > 1 && states.length === 1) codes = new Set(states);
  if (codes.size > 1)
    return {
      kind: 'ambiguous',
      candidates: [...codes].sort(),
      reason: `"${label.trim()}" names ${[...codes].sort().join(', ')}`,
    };
  return { kind: 'country', code: [...codes][0] };
}

function decideFromPlace(candidates: string[], place: string | null | undefined): string | null {
  if (!place) return null;
  const words = ` ${normaliseLabel(place)} `;
  const matches = candidates.filter((code) =>
    (PLACES_BY_COUNTRY[code] ?? []).some((p) => words.includes(` ${p} `)),
  );
  return matches.length === 1 ? matches[0] : null;
}
