import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AttackTypeRow {
  code: string;
  parentCode: string | null;
  label: string;
  coeCategory: string | null;
  mfrrCategory: string | null;
}

/** Reference lists: the attack-type tree and perpetrator types. */
@Injectable()
export class TaxonomyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  attackTypes(): Promise<AttackTypeRow[]> {
    return this.dataSource.query(
      `SELECT code, parent_code AS "parentCode", label, coe_category AS "coeCategory", mfrr_category AS "mfrrCategory"
         FROM attack_types ORDER BY sort_order, code`,
    );
  }

  perpetratorTypes(): Promise<{ code: string; label: string }[]> {
    return this.dataSource.query(
      `SELECT code, label FROM perpetrator_types ORDER BY sort_order, code`,
    );
  }

  /** The codes among `codes` that are not in the table. */
  async unknownCodes(
    table: 'attack_types' | 'perpetrator_types' | 'countries',
    codes: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await manager.query(
      `SELECT c AS code FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.code = c)`,
      [codes],
    );
    return rows.map((r) => r.code);
  }
}
