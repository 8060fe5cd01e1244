import type { DataSource } from 'typeorm';

/** The registry's tables: what a refused or repeated write must leave as it was. */
export const REGISTRY_TABLES = [
  'people',
  'incidents',
  'cases',
  'monitor_classifications',
  'incident_attack_types',
  'incident_perpetrator_types',
  'audit_log',
];

export type TableSnapshot = Record<string, { count: number; checksum: string }>;

/** Row count and a checksum over every row (all columns), per table. */
export async function tableSnapshot(
  dataSource: DataSource,
  tables: readonly string[] = REGISTRY_TABLES,
): Promise<TableSnapshot> {
  const result: TableSnapshot = {};
  for (const table of tables) {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS count, coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') AS checksum FROM ${table} r`,
    );
    result[table] = row;
  }
  return result;
}
