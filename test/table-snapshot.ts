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

/** Every table of the schema the application owns. */
export async function allTables(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return rows.map((r) => r.name);
}
