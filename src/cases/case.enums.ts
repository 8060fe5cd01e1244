import { graphqlEnum } from '../common/validation/fields.js';

export const OUTCOMES = [
  'killed',
  'injured',
  'detained',
  'missing',
  'threatened',
  'other',
] as const;
export const LOCAL_FOREIGN = ['local', 'foreign', 'unknown'] as const;
export const MONITORS = ['unesco', 'cpj', 'rsf', 'coe', 'mfrr', 'ifj', 'other'] as const;
export const MOTIVES = ['confirmed', 'unconfirmed'] as const;
export const CONDEMNATIONS = ['condemned', 'deplored'] as const;
/** Where monitors' views of a case can part (see disagreementSql). */
export const DISAGREEMENTS = ['inclusion', 'motive', 'type_of_death', 'any'] as const;

export type Outcome = (typeof OUTCOMES)[number];
export type LocalForeign = (typeof LOCAL_FOREIGN)[number];
export type Monitor = (typeof MONITORS)[number];
export type Motive = (typeof MOTIVES)[number];
export type Condemnation = (typeof CONDEMNATIONS)[number];
export type Disagreement = (typeof DISAGREEMENTS)[number];

export const OutcomeEnum = graphqlEnum(OUTCOMES, 'Outcome', 'What happened to the person');
export const LocalForeignEnum = graphqlEnum(
  LOCAL_FOREIGN,
  'LocalForeign',
  'Local or foreign journalist, as reported',
);
export const MonitorEnum = graphqlEnum(MONITORS, 'Monitor', 'A monitoring body');
export const MotiveEnum = graphqlEnum(
  MOTIVES,
  'Motive',
  'Whether the monitor confirmed the work-related motive',
);
export const CondemnationEnum = graphqlEnum(
  CONDEMNATIONS,
  'Condemnation',
  'Whether UNESCO’s Director-General condemned or only deplored the killing',
);
export const DisagreementEnum = graphqlEnum(
  DISAGREEMENTS,
  'Disagreement',
  'Where monitors disagree about a case: inclusion, motive, type of death, or any of them',
);
