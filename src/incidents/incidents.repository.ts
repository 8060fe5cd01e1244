import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ConfidentialDetailsDto,
  confidentialDetailsOf,
} from '../common/confidentiality/confidential.js';
import { instantSql } from '../common/time/instants.js';
import { incidentDateConditions } from './incident-dates.sql.js';
import type { IncidentDto } from './dto/incident.dto.js';
import type { IncidentFilterDto } from './dto/list-incidents.query.js';

export type IncidentRow = Omit<IncidentDto, 'confidentialDetails'> & { sortDate: string };

/** An incident's own fields, its country's name and its attack and perpetrator types. */
const INCIDENT_FIELDS = `
  i.id, to_char(i.date_start, 'YYYY-MM-DD') AS "dateStart", to_char(i.date_end, 'YYYY-MM-DD') AS "dateEnd",
  i.date_precision AS "datePrecision", i.country_code AS "countryCode", co.name AS "countryName", i.place, i.context,
  i.description, i.source_links AS "sourceLinks", i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt",
  ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1) AS "attackTypes",
  ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1) AS "perpetratorTypes"`;
const INCIDENT_FROM = `FROM incidents i JOIN countries co ON co.code = i.country_code`;

/** An incident with its country's name, its attack and perpetrator types and its victims, in one statement. */
const INCIDENT_SELECT = `
  SELECT ${INCIDENT_FIELDS}, to_char(i.sort_date, 'YYYY-MM-DD') AS "sortDate",
         coalesce((SELECT json_agg(json_build_object('caseId', c.id, 'personId', p.id, 'fullName', p.full_name,
                                                    'outcome', c.outcome, 'retractedAt', ${instantSql('c.retracted_at')}) ORDER BY p.full_name, c.id)
                     FROM cases c JOIN people p ON p.id = c.person_id WHERE c.incident_id = i.id), '[]') AS victims
    ${INCIDENT_FROM}`;

/** An incident as GraphQL answers it: its victims are its cases, resolved apart. */
export type IncidentNode = Omit<IncidentDto, 'victims'>;

@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findRows(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IncidentRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(`${INCIDENT_SELECT} WHERE i.id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Incidents as GraphQL's loaders answer them, without their victims (GraphQL resolves an
   * incident's cases apart) and with no confidential details (those are resolved apart too).
   */
  findNodes(ids: readonly string[]): Promise<IncidentNode[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${INCIDENT_FIELDS}, NULL AS "confidentialDetails" ${INCIDENT_FROM} WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  list(filter: IncidentFilterDto, limit: number, after?: [string, string]): Promise<IncidentRow[]> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = this.where(filter, $);
    if (after) where.push(`(i.sort_date, i.id) > (${$(after[0])}::date, ${$(after[1])}::uuid)`);
    return this.dataSource.query(
      `${INCIDENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.sort_date, i.id LIMIT ${$(limit + 1)}`,
      params,
    );
  }

  /** How many incidents match the filter (every page together). */
  async count(filter: IncidentFilterDto): Promise<number> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM incidents i WHERE ${this.where(filter, $).join(' AND ')}`,
      params,
    );
    return rows[0].n;
  }

  private where(filter: IncidentFilterDto, $: (v: unknown) => string): string[] {
    const where = ['TRUE'];
    if (filter.country) where.push(`i.country_code = ${$(filter.country)}`);
    where.push(...incidentDateConditions(filter, $));
    if (filter.attackType) {
      where.push(`EXISTS (SELECT 1 FROM incident_attack_types iat WHERE iat.incident_id = i.id AND iat.attack_type_code IN (
        WITH RECURSIVE sub(code) AS (SELECT ${$(filter.attackType)}::text UNION SELECT a.code FROM attack_types a JOIN sub ON a.parent_code = sub.code)
        SELECT code FROM sub))`);
    }
    return where;
  }

  async replaceTypes(
    manager: EntityManager,
    incidentId: string,
    attackTypes?: string[],
    perpetratorTypes?: string[],
  ): Promise<void> {
    if (attackTypes) {
      await manager.query(`DELETE FROM incident_attack_types WHERE incident_id = $1`, [incidentId]);
      await manager.query(
        `INSERT INTO incident_attack_types (incident_id, attack_type_code) SELECT $1, unnest($2::text[])`,
        [incidentId, attackTypes],
      );
    }
    if (perpetratorTypes) {
      await manager.query(`DELETE FROM incident_perpetrator_types WHERE incident_id = $1`, [
        incidentId,
      ]);
      await manager.query(
        `INSERT INTO incident_perpetrator_types (incident_id, perpetrator_type_code) SELECT $1, unnest($2::text[])`,
        [incidentId, perpetratorTypes],
      );
    }
  }

  async countCases(incidentId: string, manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM cases WHERE incident_id = $1`,
      [incidentId],
    );
    return rows[0].n;
  }

  /** The earliest date of death among an incident's cases, which its start date must not pass. */
  async earliestDeath(incidentId: string, manager: EntityManager): Promise<string | null> {
    const rows: { d: string | null }[] = await manager.query(
      `SELECT to_char(min(date_of_death), 'YYYY-MM-DD') AS d FROM cases WHERE incident_id = $1`,
      [incidentId],
    );
    return rows[0].d;
  }

  /** Confidential details of incidents: read only for viewers that canSeeConfidential admits. */
  confidentialOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ConfidentialDetailsDto>> {
    return confidentialDetailsOf(manager, 'incidents', ids);
  }
}
