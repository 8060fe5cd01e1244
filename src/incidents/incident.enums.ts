import { graphqlEnum } from '../common/validation/fields.js';

export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const;
export const CONTEXTS = ['conflict', 'non_conflict'] as const;

export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type Context = (typeof CONTEXTS)[number];

export const DatePrecisionEnum = graphqlEnum(
  DATE_PRECISIONS,
  'DatePrecision',
  'How precisely the date is known: month means dateStart is the first of the month, year the first of January',
);
export const ContextEnum = graphqlEnum(CONTEXTS, 'Context', 'Armed conflict or not');
