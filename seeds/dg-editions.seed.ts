import type { EntityManager } from 'typeorm';

export const FIRST_EDITION = 2008;
export const LAST_SEEDED_EDITION = 2024;

/** UNESCO Director-General's reports on the safety of journalists: every two years, each covering the two years before it. */
export function dgEditions(): {
  edition: number;
  coversFrom: string;
  coversTo: string;
  title: string;
}[] {
  const editions = [];
  for (let edition = FIRST_EDITION; edition <= LAST_SEEDED_EDITION; edition += 2) {
    editions.push({
      edition,
      coversFrom: `${edition - 2}-01-01`,
      coversTo: `${edition - 1}-12-31`,
      title: `Director-General's Report on the Safety of Journalists and the Danger of Impunity (${edition})`,
    });
  }
  return editions;
}

export async function seedDgEditions(manager: EntityManager): Promise<number> {
  const rows = dgEditions();
  await manager.query(
    `INSERT INTO dg_report_editions (edition, covers_from, covers_to, title)
     SELECT * FROM unnest($1::int[], $2::date[], $3::date[], $4::text[])
     ON CONFLICT (edition) DO UPDATE SET covers_from = EXCLUDED.covers_from, covers_to = EXCLUDED.covers_to, title = EXCLUDED.title`,
    [
      rows.map((r) => r.edition),
      rows.map((r) => r.coversFrom),
      rows.map((r) => r.coversTo),
      rows.map((r) => r.title),
    ],
  );
  return rows.length;
}

/**
 * One request cycle per seeded edition, in the year before it. Their dates are not known here;
 * an administrator fills them in, and a re-run leaves them alone.
 */
export async function seedDgCycles(manager: EntityManager): Promise<number> {
  const editions = dgEditions().map((e) => e.edition);
  await manager.query(
    `INSERT INTO dg_cycles (year, report_edition) SELECT e - 1, e FROM unnest($1::int[]) AS e ON CONFLICT (year) DO NOTHING`,
    [editions],
  );
  return editions.length;
}
