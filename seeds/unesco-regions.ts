/**
 * UNESCO's five regions for statistical reporting. Countries are placed by their continent (UN
 * geoscheme, from the `world-countries` package) with the explicit exceptions below, which follow
 * the membership of UNESCO's regional groups.
 */
export const UNESCO_REGIONS = {
  africa: 'Africa',
  arab_states: 'Arab States',
  asia_pacific: 'Asia and the Pacific',
  europe_north_america: 'Europe and North America',
  latin_america_caribbean: 'Latin America and the Caribbean',
} as const;
export type UnescoRegion = keyof typeof UNESCO_REGIONS;

/** UNESCO's Arab States group (Palestine included). */
const ARAB_STATES = new Set([
  'DZ',
  'BH',
  'EG',
  'IQ',
  'JO',
  'KW',
  'LB',
  'LY',
  'MR',
  'MA',
  'OM',
  'PS',
  'QA',
  'SA',
  'SD',
  'SY',
  'TN',
  'AE',
  'YE',
]);
/** Western Asian and Caucasian states that sit in UNESCO's Europe and North America group. */
const ASIAN_IN_EUROPE_GROUP = new Set(['AM', 'AZ', 'CY', 'GE', 'IL', 'TR']);
/** North American countries and territories; the rest of the Americas is Latin America and the Caribbean. */
const NORTH_AMERICA = new Set(['US', 'CA', 'GL', 'BM', 'PM', 'UM']);

export function unescoRegionOf(code: string, continent: string | undefined): UnescoRegion | null {
  if (ARAB_STATES.has(code)) return 'arab_states';
  if (ASIAN_IN_EUROPE_GROUP.has(code)) return 'europe_north_america';
  switch (continent) {
    case 'Africa':
      return 'africa';
    case 'Europe':
      return 'europe_north_america';
    case 'Americas':
      return NORTH_AMERICA.has(code) ? 'europe_north_america' : 'latin_america_caribbean';
    case 'Asia':
    case 'Oceania':
      return 'asia_pacific';
    default:
      return null; // Antarctica and uninhabited territories belong to no UNESCO region.
  }
}

/** Continents as `world-countries` names them (UN geoscheme, top level). */
export const CONTINENTS = {
  africa: 'Africa',
  americas: 'Americas',
  asia: 'Asia',
  europe: 'Europe',
  oceania: 'Oceania',
  antarctic: 'Antarctic',
} as const;
