import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseFilterSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';

export interface FeedCase {
  id: string;
  createdAt: Date;
  outcome: string;
  fullName: string;
  countryCode: string;
  countryName: string;
  dateStart: string | null;
  place: string | null;
  attackTypes: string[];
}

export interface FeedStatusChange {
  id: string;
  caseId: string;
  scheme: string;
  status: string;
  effectiveDate: string;
  recordedAt: Date;
  reportedBy: string;
  source: string | null;
  fullName: string;
  countryCode: string;
  countryName: string;
}

const FROM = `
  FROM cases c JOIN incidents i ON i.id = c.incident_id JOIN people p ON p.id = c.person_id
  JOIN countries co ON co.code = i.country_code`;

/** What the public feeds read: published data only, with the case list's filters. */
@Injectable()
export class FeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async revision(): Promise<{ revision: string; changedAt: Date }> {
    const [row] = await this.dataSource.query(
      `SELECT revision::text, changed_at AS "changedAt" FROM dataset_revision`,
    );
    return row;
  }

  /** The cases recorded most recently (not retracted unless asked), newest first. */
  recentCases(filter: CaseFilterDto, limit: number): Promise<FeedCase[]> {
    const params: unknown[] = [];
    const where = caseFilterSql(filter, params, false);
    params.push(limit);
    return this.dataSource.query(
      `SELECT c.id, c.created_at AS "createdAt", c.outcome, p.full_name AS "fullName", i.country_code AS "countryCode",
         co.name AS "countryName", to_char(i.date_start, 'YYYY-MM-DD') AS "dateStart", i.place,
         ARRAY(SELECT iat.attack_type_code FROM incident_attack_types iat WHERE iat.incident_id = i.id ORDER BY 1) AS "attackTypes"
       ${FROM} WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Published status entries of the matching cases, most recently recorded first. */
  statusChanges(filter: CaseFilterDto, limit: number): Promise<FeedStatusChange[]> {
    const params: unknown[] = [];
    const where = caseFilterSql(filter, params, false);
    params.push(limit);
    return this.dataSource.query(
      `SELECT se.id::text AS id, se.case_id AS "caseId", se.scheme, se.status,
         to_char(se.effective_date, 'YYYY-MM-DD') AS "effectiveDate", se.recorded_at AS "recordedAt",
         se.reported_by AS "reportedBy", se.source, p.full_name AS "fullName", i.country_code AS "countryCode",
         co.name AS "countryName"
       FROM status_entries se JOIN cases c ON c.id = se.case_id
       JOIN incidents i ON i.id = c.incident_id JOIN people p ON p.id = c.person_id
       JOIN countries co ON co.code = i.country_code
       WHERE NOT se.confidential AND ${where}
       ORDER BY se.recorded_at DESC, se.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
