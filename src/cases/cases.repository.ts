import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ConfidentialDetailsDto,
  confidentialDetailsOf,
} from '../common/confidentiality/confidential.js';
import { instantSql } from '../common/time/instants.js';
import { preparedQuery } from '../database/prepared-query.js';
import { statusSql } from '../statuses/status-sql.js';
import type { Scheme } from '../statuses/status.enums.js';
import { caseAnswer, TODAY, type Answer } from './case-answer.sql.js';
import { caseFilterSql } from './case-filter.sql.js';
import { caseJson, type CaseSelection, type Joined, type Prefetched } from './case-graph.sql.js';
import type { CaseListItemDto } from './dto/case-page.dto.js';
import { CaseDto, ClassificationDto } from './dto/case.dto.js';
import type { CaseFilterDto } from './dto/list-cases.query.js';

export interface CaseListOptions {
  limit: number;
  /** Whether status filters may count confidential (unpublished) entries. */
  confidential: boolean;
  descending: boolean;
  /** Sort key of the last row of the previous page: incident sort date and case id. */
  after?: [string, string];
}

/** A case row with the summaries of its person and incident, before classifications are attached. */
export type CaseRow = Omit<CaseDto, 'classifications'> & { sortDate: string };

/** A row of a page of cases: its sort key (date and id) and the item as the list answers it. */
export interface CaseListRow {
  sortDate: string;
  id: string;
  item: CaseListItemDto;
}

/** The same row with the item as the JSON text PostgreSQL wrote. */
export interface CaseJsonRow {
  sortDate: string;
  id: string;
  item: string;
}

/** A case as GraphQL's page reads it: the fields asked for and the related objects read with it. */
export type CaseNode = Partial<Omit<CaseDto, 'person' | 'incident'>> & {
  id: string;
  prefetched?: Prefetched;
};

/** A row of a GraphQL page of cases: its sort key and the case (see case-graph.sql.ts). */
export interface CaseNodeRow {
  sortDate: string;
  id: string;
  item: CaseNode;
}

const CASE_COLUMNS = `
  c.id, c.incident_id AS "incidentId", c.person_id AS "personId", c.outcome, c.local_foreign AS "localForeign",
  to_char(c.date_of_death, 'YYYY-MM-DD') AS "dateOfDeath", c.retracted_at AS "retractedAt",
  c.retraction_reason AS "retractionReason", c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  to_char(i.sort_date, 'YYYY-MM-DD') AS "sortDate",
  json_build_object('id', p.id, 'fullName', p.full_name, 'gender', p.gender, 'role', p.role) AS person,
  json_build_object('id', i.id, 'dateStart', to_char(i.date_start, 'YYYY-MM-DD'), 'dateEnd', to_char(i.date_end, 'YYYY-MM-DD'),
    'datePrecision', i.date_precision, 'countryCode', i.country_code, 'countryName', co.name, 'place', i.place,
    'context', i.context,
    'attackTypes', ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1),
    'perpetratorTypes', ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1),
    'description', i.description, 'sourceLinks', i.source_links) AS incident`;
const CASE_FROM = `
  FROM cases c
  JOIN incidents i ON i.id = c.incident_id
  JOIN people p ON p.id = c.person_id
  JOIN countries co ON co.code = i.country_code`;
/** The rows CASE_FROM joins to each case. */
const PAGE_JOINS: Joined = { person: 'p', incident: 'i', country: 'co' };
const CLASSIFICATION_FIELDS = `
  monitor, external_id AS "externalId", url, included, motive, type_of_death AS "typeOfDeath",
  condemnation, to_char(recorded_date, 'YYYY-MM-DD') AS "recordedDate"`;
const CLASSIFICATION_COLUMNS = `case_id AS "caseId", ${CLASSIFICATION_FIELDS}`;

/**
 * A case as a list shows it, built as JSON by PostgreSQL in the list's one statement: the fields
 * of CASE_COLUMNS (instants written as JavaScript writes them), its classifications and its
 * current status in both schemes (`currentStatus`, the SQL of statusSql for the viewer).
 */
const listItemSql = (currentStatus: string) => `
  SELECT c.id, c.incident_id AS "incidentId", c.person_id AS "personId", c.outcome, c.local_foreign AS "localForeign",
         to_char(c.date_of_death, 'YYYY-MM-DD') AS "dateOfDeath", ${instantSql('c.retracted_at')} AS "retractedAt",
         c.retraction_reason AS "retractionReason", c.version, ${instantSql('c.created_at')} AS "createdAt",
         ${instantSql('c.updated_at')} AS "updatedAt",
         (SELECT row_to_json(x) FROM (SELECT p.id, p.full_name AS "fullName", p.gender, p.role) x) AS person,
         (SELECT row_to_json(x) FROM (SELECT i.id, to_char(i.date_start, 'YYYY-MM-DD') AS "dateStart",
                 to_char(i.date_end, 'YYYY-MM-DD') AS "dateEnd", i.date_precision AS "datePrecision",
                 i.country_code AS "countryCode", co.name AS "countryName", i.place, i.context,
                 ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1) AS "attackTypes",
                 ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1) AS "perpetratorTypes",
                 i.description, i.source_links AS "sourceLinks") x) AS incident,
         coalesce((SELECT json_agg(x ORDER BY x.monitor) FROM (SELECT ${CLASSIFICATION_FIELDS}
                     FROM monitor_classifications WHERE case_id = c.id) x), '[]') AS classifications,
         ${currentStatus} AS "currentStatus",
         NULL AS "confidentialDetails"`;

/** The SQL of a selection's cases, built once per selection (GraphQL plans are kept per query). */
const itemSql = new WeakMap<CaseSelection, string>();
/** Each GraphQL answer's SQL, kept while the answer is (see case-answer.sql.ts). */
const answerSql = new WeakMap<Answer, string>();

/** A list item as JSON, its current statuses as the viewer sees them (see listItemSql). */
function listItemJson(options: CaseListOptions, $: (value: unknown) => string): string {
  const status = (scheme: Scheme) =>
    statusSql(scheme, undefined, undefined, options.confidential, $);
  const item = listItemSql(
    `(SELECT row_to_json(s) FROM (SELECT ${status('unesco')} AS unesco, ${status('cpj')} AS cpj) s)`,
  );
  return `(SELECT row_to_json(x) FROM (${item}) x)`;
}

/** Queries over cases and their monitor classifications. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of cases matching the filter, in incident-date order, ties broken by case id: each
   * row holds the sort key and the list item, whole (see listItemSql).
   */
  list(filter: CaseFilterDto, options: CaseListOptions): Promise<CaseListRow[]> {
    return this.page(filter, options, ($) => listItemJson(options, $));
  }

  /** The same page with each item as JSON text, for a body that sends it as it is. */
  listJson(filter: CaseFilterDto, options: CaseListOptions): Promise<CaseJsonRow[]> {
    return this.page(filter, options, ($) => `${listItemJson(options, $)}::text`);
  }

  /**
   * The same page as `list`, each case built as `selection` asks (its fields and related objects,
   * see case-graph.sql.ts), in one statement.
   */
  listNodes(
    filter: CaseFilterDto,
    options: CaseListOptions,
    selection: CaseSelection,
  ): Promise<CaseNodeRow[]> {
    let item = itemSql.get(selection);
    if (!item) itemSql.set(selection, (item = caseJson(selection, 'c', 0, PAGE_JOINS)));
    return this.page(filter, options, () => item);
  }

  /**
   * The same page, each case as the JSON text GraphQL answers for `answer` (see
   * case-answer.sql.ts), today's date given as `today`.
   */
  listAnswers(
    filter: CaseFilterDto,
    options: CaseListOptions,
    answer: Answer,
    today: string,
  ): Promise<CaseJsonRow[]> {
    let item = answerSql.get(answer);
    if (!item) answerSql.set(answer, (item = `${caseAnswer(answer, 'c', 0, PAGE_JOINS)}::text`));
    return this.page(filter, options, ($) =>
      item.includes(TODAY) ? item.replaceAll(TODAY, `${$(today)}::text`) : item,
    );
  }

  /**
   * A page of cases: its rows' sort keys and each case as `item` builds it, as a prepared
   * statement (the same few texts serve every page of a list).
   */
  private page<T>(
    filter: CaseFilterDto,
    options: CaseListOptions,
    item: ($: (value: unknown) => string) => string,
  ): Promise<T[]> {
    const params: unknown[] = [];
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
    let where = caseFilterSql(filter, params, options.confidential);
    const direction = options.descending ? 'DESC' : 'ASC';
    if (options.after) {
      where += ` AND (i.sort_date, c.id) ${options.descending ? '<' : '>'} (${$(options.after[0])}::date, ${$(options.after[1])}::uuid)`;
    }
    return preparedQuery(
      this.dataSource,
      `SELECT to_char(i.sort_date, 'YYYY-MM-DD') AS "sortDate", c.id, ${item($)} AS item
         ${CASE_FROM} WHERE ${where} ORDER BY i.sort_date ${direction}, c.id ${direction} LIMIT ${$(options.limit + 1)}`,
      params,
    );
  }

  async count(filter: CaseFilterDto, confidential: boolean): Promise<number> {
    const params: unknown[] = [];
    const where = caseFilterSql(filter, params, confidential);
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM cases c JOIN incidents i ON i.id = c.incident_id JOIN people p ON p.id = c.person_id WHERE ${where}`,
      params,
    );
    return rows[0].n;
  }

  async findRows(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CaseRow[]> {
    if (ids.length === 0) return [];
    return manager.query(`SELECT ${CASE_COLUMNS} ${CASE_FROM} WHERE c.id = ANY($1::uuid[])`, [ids]);
  }

  /** Cases of each incident, retracted ones included (they stay visible with their reason). */
  async rowsByIncidents(
    incidentIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CaseRow[]> {
    if (incidentIds.length === 0) return [];
    return manager.query(
      `SELECT ${CASE_COLUMNS} ${CASE_FROM} WHERE c.incident_id = ANY($1::uuid[]) ORDER BY p.full_name, c.id`,
      [incidentIds],
    );
  }

  async rowsByPeople(personIds: readonly string[]): Promise<CaseRow[]> {
    if (personIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${CASE_COLUMNS} ${CASE_FROM} WHERE c.person_id = ANY($1::uuid[]) ORDER BY i.sort_date, c.id`,
      [personIds],
    );
  }

  /** The case each of `ids` was merged into, for those merged. */
  async survivorsOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; mergedInto: string }[] = await manager.query(
      `SELECT id, merged_into AS "mergedInto" FROM cases WHERE id = ANY($1::uuid[]) AND merged_into IS NOT NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.mergedInto]));
  }

  async classificationsOf(
    caseIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(ClassificationDto & { caseId: string })[]> {
    if (caseIds.length === 0) return [];
    return manager.query(
      `SELECT ${CLASSIFICATION_COLUMNS} FROM monitor_classifications WHERE case_id = ANY($1::uuid[]) ORDER BY monitor`,
      [caseIds],
    );
  }

  /** Classifications held by other cases under the same monitor and external id. */
  async externalIdsTaken(
    pairs: { monitor: string; externalId: string }[],
    exceptCaseId: string | null,
    manager: EntityManager,
  ): Promise<{ monitor: string; externalId: string }[]> {
    if (pairs.length === 0) return [];
    return manager.query(
      `SELECT monitor, external_id AS "externalId" FROM monitor_classifications
        WHERE (monitor, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          AND ($3::uuid IS NULL OR case_id <> $3::uuid)`,
      [pairs.map((p) => p.monitor), pairs.map((p) => p.externalId), exceptCaseId],
    );
  }

  async exists(incidentId: string, personId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM cases WHERE incident_id = $1 AND person_id = $2`,
      [incidentId, personId],
    );
    return rows.length > 0;
  }

  /** The start date of each existing incident among `ids` (null when its date is unknown). */
  async incidentStarts(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; dateStart: string | null }[] = await manager.query(
      `SELECT id, to_char(date_start, 'YYYY-MM-DD') AS "dateStart" FROM incidents WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.dateStart]));
  }

  async existingPeople(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM people WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Confidential details of cases: read only for viewers that canSeeConfidential admits. */
  confidentialOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ConfidentialDetailsDto>> {
    return confidentialDetailsOf(manager, 'cases', ids);
  }
}
