import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseCycleDto, DgCycleDto, LedgerEntryDto, ResponseRateDto } from './dto/dg.dto.js';
import type { CreateDgCycleInput, DgResponseInput } from './dto/dg.input.js';

export interface RequestRow {
  id: string;
  cycleYear: number;
  countryCode: string;
  countryName: string;
  status: 'draft' | 'sent';
  sentOn: string | null;
  deadline: string | null;
  caseIds: string[];
}

export interface ResponseRow {
  id: string;
  requestId: string;
  receivedOn: string;
  onTime: boolean | null;
  publicationRequested: boolean;
  remarks: string | null;
  documents: string[];
  cases: { caseId: string; status: string; note: string | null }[];
}

const CYCLE_SELECT = `
  SELECT cy.year, cy.report_edition AS "reportEdition", to_char(cy.sent_on, 'YYYY-MM-DD') AS "sentOn",
         to_char(cy.deadline, 'YYYY-MM-DD') AS deadline,
         (SELECT count(*)::int FROM dg_requests r WHERE r.cycle_year = cy.year) AS "requestCount",
         (SELECT count(*)::int FROM dg_requests r WHERE r.cycle_year = cy.year AND r.status = 'sent') AS "sentCount",
         (SELECT count(*)::int FROM dg_requests r JOIN dg_responses x ON x.request_id = r.id WHERE r.cycle_year = cy.year) AS "answeredCount"
    FROM dg_cycles cy`;
const REQUEST_SELECT = `
  SELECT r.id, r.cycle_year AS "cycleYear", r.country_code AS "countryCode", co.name AS "countryName", r.status,
         to_char(r.sent_on, 'YYYY-MM-DD') AS "sentOn", to_char(cy.deadline, 'YYYY-MM-DD') AS deadline,
         ARRAY(SELECT rc.case_id FROM dg_request_cases rc WHERE rc.request_id = r.id ORDER BY rc.case_id) AS "caseIds"
    FROM dg_requests r JOIN countries co ON co.code = r.country_code JOIN dg_cycles cy ON cy.year = r.cycle_year`;
const RESPONSE_SELECT = `
  SELECT x.id, x.request_id AS "requestId", to_char(x.received_on, 'YYYY-MM-DD') AS "receivedOn",
         CASE WHEN cy.deadline IS NULL THEN NULL ELSE x.received_on <= cy.deadline END AS "onTime",
         x.publication_requested AS "publicationRequested", x.remarks, x.documents,
         coalesce((SELECT json_agg(json_build_object('caseId', rc.case_id, 'status', rc.status, 'note', rc.note) ORDER BY rc.case_id)
                     FROM dg_response_cases rc WHERE rc.response_id = x.id), '[]') AS cases
    FROM dg_responses x JOIN dg_requests r ON r.id = x.request_id JOIN dg_cycles cy ON cy.year = r.cycle_year`;

/** Cycles, requests, answers, and the ledgers and rates computed from them. */
@Injectable()
export class DgRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  cycles(): Promise<DgCycleDto[]> {
    return this.dataSource.query(`${CYCLE_SELECT} ORDER BY cy.year`);
  }

  async cycle(
    year: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DgCycleDto | undefined> {
    return (await manager.query(`${CYCLE_SELECT} WHERE cy.year = $1`, [year]))[0];
  }

  /** Creates the cycle, and its report edition when it is a new one. */
  async createCycle(manager: EntityManager, input: CreateDgCycleInput): Promise<void> {
    await manager.query(
      `INSERT INTO dg_report_editions (edition, covers_from, covers_to, title)
       VALUES ($1, make_date($1 - 2, 1, 1), make_date($1 - 1, 12, 31),
               'Director-General''s Report on the Safety of Journalists and the Danger of Impunity (' || $1 || ')')
       ON CONFLICT (edition) DO NOTHING`,
      [input.reportEdition],
    );
    await manager.query(
      `INSERT INTO dg_cycles (year, report_edition, sent_on, deadline) VALUES ($1, $2, $3, $4)`,
      [input.year, input.reportEdition, input.sentOn ?? null, input.deadline ?? null],
    );
  }

  requests(years: readonly number[]): Promise<RequestRow[]> {
    return this.dataSource.query(
      `${REQUEST_SELECT} WHERE r.cycle_year = ANY($1::int[]) ORDER BY r.cycle_year, co.name`,
      [years],
    );
  }

  async request(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<RequestRow | undefined> {
    if (lock) await manager.query(`SELECT 1 FROM dg_requests WHERE id = $1 FOR UPDATE`, [id]);
    return (await manager.query(`${REQUEST_SELECT} WHERE r.id = $1`, [id]))[0];
  }

  /** The answers to these requests; inside a write, through its manager, to see its own answer. */
  responses(
    requestIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ResponseRow[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return manager.query(`${RESPONSE_SELECT} WHERE x.request_id = ANY($1::uuid[])`, [requestIds]);
  }

  /**
   * Killings in UNESCO's scope for a cycle, by country: killed since 2006-01-01, not retracted, not
   * excluded by a UNESCO classification, and not resolved on the date sent, by everything UNESCO
   * knows (unpublished answers included).
   */
  async casesInScope(
    asOf: string,
    manager: EntityManager,
  ): Promise<{ countryCode: string; caseIds: string[] }[]> {
    return manager.query(
      `SELECT i.country_code AS "countryCode", array_agg(c.id ORDER BY c.id) AS "caseIds"
         FROM cases c JOIN incidents i ON i.id = c.incident_id
        WHERE c.outcome = 'killed' AND c.retracted_at IS NULL AND c.merged_into IS NULL AND i.date_start >= DATE '2006-01-01' AND i.date_start <= $1::date
          AND NOT EXISTS (SELECT 1 FROM monitor_classifications mc WHERE mc.case_id = c.id AND mc.monitor = 'unesco' AND NOT mc.included)
          AND case_status_at(c.id, 'unesco', $1::date, 'infinity', true) <> 'resolved'
        GROUP BY i.country_code`,
      [asOf],
    );
  }

  /** Makes (or completes) the draft request of each state; sent requests are left alone. */
  async upsertDraft(
    manager: EntityManager,
    year: number,
    countryCode: string,
    caseIds: string[],
  ): Promise<void> {
    const [row]: { id: string; status: string }[] = await manager.query(
      `INSERT INTO dg_requests (cycle_year, country_code) VALUES ($1, $2)
       ON CONFLICT (cycle_year, country_code) DO UPDATE SET updated_at = dg_requests.updated_at
       RETURNING id, status`,
      [year, countryCode],
    );
    if (row.status === 'draft') await this.addCases(manager, row.id, caseIds);
  }

  async addCases(manager: EntityManager, requestId: string, caseIds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO dg_request_cases (request_id, case_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [requestId, caseIds],
    );
  }

  async removeCase(manager: EntityManager, requestId: string, caseId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `DELETE FROM dg_request_cases WHERE request_id = $1 AND case_id = $2 RETURNING 1`,
      [requestId, caseId],
    );
    return rows.length > 0;
  }

  /** Country of each existing case's incident, and whether it is retracted. */
  async casesCountries(
    caseIds: readonly string[],
    manager: EntityManager,
  ): Promise<Map<string, { countryCode: string; outcome: string; retracted: boolean }>> {
    const rows: { id: string; countryCode: string; outcome: string; retracted: boolean }[] =
      await manager.query(
        `SELECT c.id, i.country_code AS "countryCode", c.outcome, c.retracted_at IS NOT NULL AS retracted
         FROM cases c JOIN incidents i ON i.id = c.incident_id WHERE c.id = ANY($1::uuid[])`,
        [caseIds],
      );
    return new Map(rows.map(({ id, ...rest }) => [id, rest]));
  }

  async markSent(manager: EntityManager, requestId: string, sentOn: string): Promise<void> {
    await manager.query(
      `UPDATE dg_requests SET status = 'sent', sent_on = $2, updated_at = now() WHERE id = $1`,
      [requestId, sentOn],
    );
  }

  async insertResponse(
    manager: EntityManager,
    requestId: string,
    input: DgResponseInput,
    createdBy: string,
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO dg_responses (request_id, received_on, publication_requested, remarks, documents, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        requestId,
        input.receivedOn,
        input.publicationRequested,
        input.remarks ?? null,
        input.documents ?? [],
        createdBy,
      ],
    );
    return row.id;
  }

  async insertReportedCase(
    manager: EntityManager,
    responseId: string,
    caseId: string,
    status: string,
    entryId: string,
    note: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO dg_response_cases (response_id, case_id, status, status_entry_id, note) VALUES ($1, $2, $3, $4::bigint, $5)`,
      [responseId, caseId, status, entryId, note],
    );
  }

  async hasResponse(requestId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM dg_responses WHERE request_id = $1`,
      [requestId],
    );
    return rows.length > 0;
  }

  /** A state's sent requests across cycles, with whether and when it answered. */
  stateLedger(countryCode: string, confidential: boolean): Promise<LedgerEntryDto[]> {
    return this.dataSource.query(
      `SELECT r.cycle_year AS year, r.id AS "requestId", to_char(r.sent_on, 'YYYY-MM-DD') AS "sentOn",
              (SELECT count(*)::int FROM dg_request_cases rc WHERE rc.request_id = r.id) AS "casesAsked",
              x.id IS NOT NULL AS answered, to_char(x.received_on, 'YYYY-MM-DD') AS "receivedOn",
              CASE WHEN x.id IS NULL OR cy.deadline IS NULL THEN NULL ELSE x.received_on <= cy.deadline END AS "onTime",
              CASE WHEN x.id IS NULL THEN NULL
                   WHEN x.publication_requested OR $2 THEN (SELECT count(*)::int FROM dg_response_cases rc WHERE rc.response_id = x.id)
              END AS "casesReportedOn"
         FROM dg_requests r JOIN dg_cycles cy ON cy.year = r.cycle_year
         LEFT JOIN dg_responses x ON x.request_id = r.id
        WHERE r.country_code = $1 AND r.status = 'sent'
        ORDER BY r.cycle_year`,
      [countryCode, confidential],
    );
  }

  /** The sent requests that asked about each case, and what each answer said of it. */
  caseCycles(
    caseIds: readonly string[],
    confidential: boolean,
  ): Promise<(CaseCycleDto & { caseId: string })[]> {
    return this.dataSource.query(
      `SELECT rc.case_id AS "caseId", r.cycle_year AS year, r.id AS "requestId", to_char(r.sent_on, 'YYYY-MM-DD') AS "sentOn", x.id IS NOT NULL AS answered,
              CASE WHEN x.publication_requested OR $2 THEN rc2.status END AS "reportedStatus",
              (x.id IS NOT NULL AND NOT x.publication_requested AND NOT $2) AS withheld
         FROM dg_request_cases rc JOIN dg_requests r ON r.id = rc.request_id
         LEFT JOIN dg_responses x ON x.request_id = r.id
         LEFT JOIN dg_response_cases rc2 ON rc2.response_id = x.id AND rc2.case_id = rc.case_id
        WHERE rc.case_id = ANY($1::uuid[]) AND r.status = 'sent'
        ORDER BY rc.case_id, r.cycle_year`,
      [caseIds, confidential],
    );
  }

  /**
   * Response rate of cycles: states that answered over states asked (sent requests), overall
   * and by UNESCO region. Unpublished answers count: the rate says whether, not what.
   */
  responseRates(
    years: readonly number[],
  ): Promise<(ResponseRateDto & { year: number; grouping: 'all' | 'region' })[]> {
    return this.dataSource.query(
      `WITH sent AS (
         SELECT r.cycle_year AS year, r.id, cr.region_code, x.id IS NOT NULL AS answered,
                coalesce(x.received_on <= cy.deadline, false) AS on_time
           FROM dg_requests r JOIN dg_cycles cy ON cy.year = r.cycle_year
           LEFT JOIN dg_responses x ON x.request_id = r.id
           LEFT JOIN country_regions cr ON cr.country_code = r.country_code AND cr.scheme = 'unesco'
          WHERE r.cycle_year = ANY($1::int[]) AND r.status = 'sent')
       SELECT year, CASE WHEN GROUPING(region_code) = 1 THEN 'all' ELSE 'region' END AS grouping,
              coalesce(region_code, CASE WHEN GROUPING(region_code) = 1 THEN 'all' ELSE 'none' END) AS scope,
              count(*)::int AS asked, count(*) FILTER (WHERE answered)::int AS answered,
              count(*) FILTER (WHERE on_time)::int AS "answeredOnTime",
              round(count(*) FILTER (WHERE answered)::numeric / nullif(count(*), 0), 4)::float AS rate
         FROM sent GROUP BY year, ROLLUP (region_code) ORDER BY year, grouping, scope`,
      [years],
    );
  }

  async countryExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM countries WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }
}
