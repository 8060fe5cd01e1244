import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { instantSql } from '../common/time/instants.js';
import type { CpjComparisonDto, ProceedingDto, StatusEntryDto } from './dto/status.dto.js';
import type { ProceedingInput, StatusEntryInput } from './dto/status.input.js';
import type { Scheme } from './status.enums.js';

/**
 * Columns of a status entry. `confidential` is a literal (never user input): whether the reader
 * may see unpublished entries, so that a hidden correction does not show as `supersededById`.
 */
const entryColumns = (confidential: boolean, caseId = 'se.case_id') => `
  se.id::text AS id, ${caseId} AS "caseId", se.scheme, se.status, se.resolution_reason AS "resolutionReason",
  to_char(se.effective_date, 'YYYY-MM-DD') AS "effectiveDate", ${instantSql('se.recorded_at')} AS "recordedAt", se.reported_by AS "reportedBy",
  se.source, se.note, se.supersedes_id::text AS "supersedesId",
  (SELECT c.id::text FROM status_entries c WHERE c.supersedes_id = se.id AND (${confidential} OR NOT c.confidential)) AS "supersededById",
  se.created_by AS "createdBy", se.confidential, se.dg_response_id AS "dgResponseId"`;
// Instants written as text in the one format: the same whether read as a row or inside JSON.
const PROCEEDING_COLUMNS = `
  id, case_id AS "caseId", defendant_name AS "defendantName", defendant_role AS "defendantRole", step,
  to_char(step_date, 'YYYY-MM-DD') AS "stepDate", court, source, note, ${instantSql('recorded_at')} AS "recordedAt", created_by AS "createdBy"`;

/** Reads and appends judicial status history and proceedings. Nothing here updates or deletes. */
/** What appending a correction checks about the entry it supersedes. */
export interface EntryToSupersede {
  caseId: string;
  /** The case whose history holds the entry: its own, or the one it was merged into. */
  ownerCaseId: string;
  scheme: string;
  confidential: boolean;
  supersededById: string | null;
  supersededByConfidential: boolean;
}

@Injectable()
export class StatusesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  history(
    caseIds: readonly string[],
    scheme: Scheme | undefined,
    confidential: boolean,
  ): Promise<StatusEntryDto[]> {
    // A case's history includes the entries of the cases merged into it, answered under its id.
    return this.dataSource.query(
      `SELECT ${entryColumns(confidential, 'k.case_id')}
         FROM unnest($1::uuid[]) AS k(case_id)
         CROSS JOIN LATERAL unnest(case_family(k.case_id)) AS m(id)
         JOIN status_entries se ON se.case_id = m.id
        WHERE ($2::text IS NULL OR se.scheme = $2) AND (${confidential} OR NOT se.confidential)
        ORDER BY k.case_id, se.scheme, se.effective_date, se.recorded_at, se.id`,
      [caseIds, scheme ?? null],
    );
  }

  /**
   * The public's current status of each case in both schemes, as the status-entry trigger keeps it
   * in case_current_status (the status as of today, as known now, confidential entries left out),
   * and the entry that sets it. A case and scheme without a row has no entry.
   */
  currentStatuses(
    caseIds: readonly string[],
  ): Promise<{ caseId: string; scheme: Scheme; status: string | null; entryId: string | null }[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", scheme, status, entry_id::text AS "entryId"
         FROM case_current_status WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
  }

  /**
   * The status of each case in a scheme on a date, as known now, from case_status_periods (the
   * periods over which it stays the same, for the public or for readers of confidential entries).
   * A case without a period covering the date has no row.
   */
  statusesOn(
    caseIds: readonly string[],
    scheme: Scheme,
    asOf: string,
    confidential: boolean,
  ): Promise<{ caseId: string; status: string }[]> {
    return this.dataSource.query(
      `SELECT p.case_id AS "caseId", p.status FROM case_status_periods p
        WHERE p.case_id = ANY($1::uuid[]) AND p.scheme = $2 AND p.confidential = $3
          AND p.valid_from <= $4::date AND (p.valid_to IS NULL OR p.valid_to > $4::date)`,
      [caseIds, scheme, confidential, asOf],
    );
  }

  /** Status entries by id, as a reader who may (or may not) see confidential entries sees them. */
  entriesById(ids: readonly string[], confidential: boolean): Promise<StatusEntryDto[]> {
    return this.dataSource.query(
      `SELECT ${entryColumns(confidential)} FROM status_entries se
        WHERE se.id = ANY($1::bigint[]) AND (${confidential} OR NOT se.confidential)`,
      [ids],
    );
  }

  /**
   * For each case, the entry that sets its status in a scheme on `asOf` as known at `known`,
   * answered under the case's id (it may be an entry of a case merged into it).
   */
  entriesAt(
    caseIds: readonly string[],
    scheme: Scheme,
    asOf: string,
    known: string | null,
    confidential: boolean,
  ): Promise<StatusEntryDto[]> {
    return this.dataSource.query(
      `SELECT ${entryColumns(confidential, 'k.case_id')} FROM unnest($1::uuid[]) AS k(case_id)
         JOIN status_entries se ON se.id = status_entry_at(k.case_id, $2, $3::date, coalesce($4::timestamptz, 'infinity'), $5)`,
      [caseIds, scheme, asOf, known, confidential],
    );
  }

  /**
   * For each case, the status it counts as in a scheme on `asOf` as known at `known`
   * (case_status_at) and the entry that sets it, when there is one.
   */
  statusesAt(
    caseIds: readonly string[],
    scheme: Scheme,
    asOf: string,
    known: string | null,
    confidential: boolean,
  ): Promise<{ caseId: string; status: string | null; entry: StatusEntryDto | null }[]> {
    return this.dataSource.query(
      `SELECT k.case_id AS "caseId",
              case_status_at(k.case_id, $2, $3::date, coalesce($4::timestamptz, 'infinity'), $5) AS status,
              (SELECT row_to_json(e) FROM (SELECT ${entryColumns(confidential, 'k.case_id')} FROM status_entries se
                 WHERE se.id = status_entry_at(k.case_id, $2, $3::date, coalesce($4::timestamptz, 'infinity'), $5)) e) AS entry
         FROM unnest($1::uuid[]) AS k(case_id)`,
      [caseIds, scheme, asOf, known, confidential],
    );
  }

  async entry(id: string, manager: EntityManager): Promise<EntryToSupersede | undefined> {
    const rows: EntryToSupersede[] = await manager.query(
      `SELECT se.case_id AS "caseId", (SELECT coalesce(m.merged_into, m.id) FROM cases m WHERE m.id = se.case_id) AS "ownerCaseId",
              se.scheme, se.confidential,
              c.id::text AS "supersededById", coalesce(c.confidential, false) AS "supersededByConfidential"
       FROM status_entries se LEFT JOIN status_entries c ON c.supersedes_id = se.id
       WHERE se.id = $1::bigint`,
      [id],
    );
    return rows[0];
  }

  /** Appends an entry; entries from a state's unpublished answer are marked confidential. */
  async append(
    manager: EntityManager,
    caseId: string,
    input: StatusEntryInput,
    createdBy: string,
    origin: { dgResponseId: string; confidential: boolean } | null = null,
  ): Promise<StatusEntryDto> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO status_entries (case_id, scheme, status, resolution_reason, effective_date, reported_by, source, note, supersedes_id,
                                   created_by, dg_response_id, confidential)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $10, $11, $12) RETURNING id::text`,
      [
        caseId,
        input.scheme,
        input.status,
        input.resolutionReason ?? null,
        input.effectiveDate,
        input.reportedBy,
        input.source ?? null,
        input.note ?? null,
        input.supersedes ?? null,
        createdBy,
        origin?.dgResponseId ?? null,
        origin?.confidential ?? false,
      ],
    );
    const [entry]: StatusEntryDto[] = await manager.query(
      `SELECT ${entryColumns(true)} FROM status_entries se WHERE se.id = $1::bigint`,
      [id],
    );
    return entry;
  }

  proceedings(caseIds: readonly string[]): Promise<ProceedingDto[]> {
    return this.dataSource.query(
      `SELECT ${PROCEEDING_COLUMNS} FROM proceedings WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, step_date, recorded_at, id`,
      [caseIds],
    );
  }

  async addProceeding(
    manager: EntityManager,
    caseId: string,
    input: ProceedingInput,
    createdBy: string,
  ): Promise<ProceedingDto> {
    const [row]: ProceedingDto[] = await manager.query(
      `INSERT INTO proceedings (case_id, defendant_name, defendant_role, step, step_date, court, source, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PROCEEDING_COLUMNS}`,
      [
        caseId,
        input.defendantName ?? null,
        input.defendantRole,
        input.step,
        input.stepDate,
        input.court ?? null,
        input.source ?? null,
        input.note ?? null,
        createdBy,
      ],
    );
    return row;
  }

  /** Derived (from proceedings) and last reported CPJ class of each case on a date. */
  cpjComparisons(
    caseIds: readonly string[],
    asOf: string,
  ): Promise<(CpjComparisonDto & { caseId: string })[]> {
    return this.dataSource.query(
      `SELECT k.case_id AS "caseId", d.derived, r.status AS reported,
              (r.status IS NOT NULL AND r.status <> d.derived) AS disagree, $2::text AS "asOf"
         FROM unnest($1::uuid[]) AS k(case_id)
         CROSS JOIN LATERAL (SELECT cpj_class_from_proceedings(k.case_id, $2::date) AS derived) d
         LEFT JOIN status_entries r ON r.id = status_entry_at(k.case_id, 'cpj', $2::date, 'infinity')`,
      [caseIds, asOf],
    );
  }

  /**
   * Locks the case against concurrent writers and tells whether it exists, is retracted, or was
   * merged into another case.
   */
  async lockCase(
    caseId: string,
    manager: EntityManager,
  ): Promise<{ retracted: boolean; mergedInto: string | null } | undefined> {
    const rows: { retracted: boolean; mergedInto: string | null }[] = await manager.query(
      `SELECT retracted_at IS NOT NULL AS retracted, merged_into AS "mergedInto" FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    return rows[0];
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.caseRef(caseId)) !== undefined;
  }

  /** Whether the case exists, and the case it was merged into if it was. */
  async caseRef(caseId: string): Promise<{ mergedInto: string | null } | undefined> {
    const rows: { mergedInto: string | null }[] = await this.dataSource.query(
      `SELECT merged_into AS "mergedInto" FROM cases WHERE id = $1`,
      [caseId],
    );
    return rows[0];
  }
}
