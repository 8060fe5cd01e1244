// SQL of World Bank population figures, upserted by code and year.
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface PopulationRow {
  code: string;
  name: string;
  year: number;
  value: string;
}

@Injectable()
export class PopulationRepository {
  /**
   * Inserts or updates population rows; returns how many were inserted and how many changed.
   * Rows whose value and name are unchanged are not touched.
   */
  async upsertPopulation(
    manager: EntityManager,
    rows: PopulationRow[],
  ): Promise<{ inserted: number; updated: number }> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const result: { inserted: boolean }[] = await manager.query(
      `INSERT INTO population (world_bank_code, year, value, country_code, name)
       SELECT x.code, x.year, x.value, c.code, x.name
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, year int, value bigint, name text)
         LEFT JOIN countries c ON c.world_bank_code = x.code
       ON CONFLICT (world_bank_code, year) DO UPDATE SET value = EXCLUDED.value, name = EXCLUDED.name,
         country_code = EXCLUDED.country_code, imported_at = now()
         WHERE (population.value, population.name, population.country_code) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.name, EXCLUDED.country_code)
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(rows)],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }
}
