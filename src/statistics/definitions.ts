/**
 * The definitions of the figures the API serves. A figure always names the definition and version
 * it was computed with; a change of meaning is a new version, so old citations stay interpretable.
 */
export const DEFINITIONS = {
  killings: {
    name: 'killings',
    version: '1.0',
    description:
      'Cases whose outcome is killed, counted per person (distinct people), among cases not retracted, ' +
      'with incidents up to asOf (unknown dates included and counted as unknown). A person belongs to every group of a multi-valued dimension ' +
      '(media type, attack type, perpetrator type), so groups may add up to more than the total.',
  },
  unresolved_ratio: {
    name: 'unresolved_ratio',
    version: '1.0',
    description:
      'UNESCO scheme: cases in scope whose status on asOf, as known at knownAsOf, is not resolved, over all cases in scope; no_information ' +
      '(the state has never reported) counts as unresolved. Default scope (UNESCO): killings condemned by the Director-General, incidents from ' +
      '2006-01-01 to asOf; scope=all drops the condemnation condition.',
  },
  impunity_share: {
    name: 'impunity_share',
    version: '1.0',
    description:
      'CPJ scheme: murders (killings whose incident includes the attack type murder) with status complete_impunity on asOf, as known at ' +
      'knownAsOf, over all murders with a CPJ status; murders without a CPJ status are counted as unknown.',
  },
  impunity_index: {
    name: 'impunity_index',
    version: '2.0',
    description:
      'CPJ method: per country, murders with complete impunity whose incident falls in the window (default the ten years to the last 31 August), ' +
      'counting only murders CPJ classifies as committed in relation to the work (CPJ motive confirmed; unconfirmed motives are left out), ' +
      'divided by the population in millions (World Bank) of the population year; only countries with at least `minimum` such murders are ranked. ' +
      'A country without population data for that year is listed with a null index and says so.',
  },
  monitor_disagreements: {
    name: 'monitor_disagreements',
    version: '1.0',
    description:
      'Cases (not retracted, incidents up to asOf) on which monitors disagree, over cases classified by at least two monitors, ' +
      'grouped by country and year unless groupBy says otherwise. Monitors disagree on inclusion (one includes the case, another ' +
      'explicitly excludes it), on motive (one holds the killing work-related — CPJ motive confirmed, or condemned by UNESCO’s ' +
      'Director-General — another has the motive unconfirmed) or on the type of death (two types differ). Cases classified by fewer ' +
      'than two monitors are counted as unknown.',
  },
  response_rate: {
    name: 'response_rate',
    version: '1.0',
    description:
      'States that answered a cycle’s request over states asked (requests sent), overall and by UNESCO region.',
  },
} as const;

export type FigureName = keyof typeof DEFINITIONS;
