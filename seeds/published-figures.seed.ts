import type { EntityManager } from 'typeorm';

const UNESCO_REPORT =
  'UNESCO Director-General’s Report on the Safety of Journalists and the Danger of Impunity';

/**
 * Unresolved-case ratios UNESCO published in its DG reports (DESIGN §3): share of killings of
 * journalists since 2006 that remain unresolved, per report edition. Dated by edition year only;
 * global, UNESCO scheme, 2006 to the year before the report.
 */
export const UNESCO_UNRESOLVED_RATIOS: [edition: number, value: number][] = [
  [2018, 0.89],
  [2020, 0.87],
  [2022, 0.86],
  [2024, 0.85],
];

export async function seedPublishedFigures(manager: EntityManager): Promise<number> {
  const rows = UNESCO_UNRESOLVED_RATIOS;
  await manager.query(
    `INSERT INTO published_figures (figure, source, value, unit, period, published_on, date_precision, definition,
                                   scheme, year_from, year_to)
     SELECT 'unresolved_ratio', $1, v, 'ratio', 'killings 2006–' || (e - 1), make_date(e, 1, 1), 'year',
            'Killings of journalists condemned by the Director-General since 2006 whose judicial status is not resolved',
            'unesco', 2006, e - 1
       FROM unnest($2::int[], $3::numeric[]) AS r(e, v)
     ON CONFLICT (figure, source, period, published_on) DO UPDATE SET value = EXCLUDED.value, definition = EXCLUDED.definition
       -- Only a real change is a write (and advances the dataset revision).
       WHERE (published_figures.value, published_figures.definition) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.definition)`,
    [UNESCO_REPORT, rows.map((r) => r[0]), rows.map((r) => r[1])],
  );
  return rows.length;
}
