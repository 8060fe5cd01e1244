import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface CandidateRow {
  caseId: string;
  candidateCaseId: string;
  score: number;
  reasons: string[];
  status: 'open' | 'not_same' | 'merged';
  foundAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** Days by which two incidents' dates may miss each other and still be one killing. */
export const DATE_WINDOW_DAYS = 31;
/** Lowest name similarity (pg_trgm, 0–1) that makes a pair a candidate. */
export const NAME_THRESHOLD = 0.4;

/** The compared facts of a case: its names without accents or case, and its dates as a range. */
const FACTS = `
  SELECT c.id, c.incident_id, c.person_id, i.country_code,
         f_unaccent(lower(p.full_name)) AS name, f_unaccent(lower(p.transliterated_name)) AS translit,
         i.date_start AS d0,
         CASE i.date_precision
           WHEN 'day' THEN coalesce(i.date_end, i.date_start)
           WHEN 'month' THEN coalesce(i.date_end, (i.date_start + interval '1 month' - interval '1 day')::date)
           WHEN 'year' THEN coalesce(i.date_end, (i.date_start + interval '1 year' - interval '1 day')::date)
         END AS d1,
         i.date_precision AS precision
    FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id`;

const UNIDENTIFIED = `'^(unidentified|unknown|unnamed|name withheld|anonymous)'`;

/**
 * Scores every pair of one of the given cases with another case not retracted and stored before
 * the current transaction (an import's own records are told apart by their source's keys, so its
 * cost grows with the cases it meets, not with its own size), in another incident of the same
 * country, whose dates meet within the window (or are unknown), and whose names are similar: the best trigram similarity among full names and transliterations, so that
 * a name in Arabic or Cyrillic meets its Latin spelling through its transliteration.
 * Score: 0.65 × name similarity + 0.35 × date agreement (same day 1, overlapping 0.8, within the
 * window 0.5, unknown 0.3).
 */
const pairsSql = (fresh: string) => `
  WITH fresh AS (${fresh}),
  pairs AS (
    SELECT n.id AS new_id, o.id AS other_id,
           n.person_id = o.person_id AS same_person,
           greatest(similarity(n.name, o.name), similarity(n.name, o.translit),
                    similarity(n.translit, o.name), similarity(n.translit, o.translit)) AS name_score,
           similarity(n.name, o.name) AS direct_score,
           n.name ~ ${UNIDENTIFIED} OR o.name ~ ${UNIDENTIFIED} AS unidentified,
           CASE
             WHEN n.d0 IS NULL OR o.d0 IS NULL THEN 'date_unknown'
             WHEN n.precision = 'day' AND o.precision = 'day' AND n.d0 = o.d0 AND n.d1 = o.d1 THEN 'same_date'
             WHEN daterange(n.d0, n.d1, '[]') && daterange(o.d0, o.d1, '[]') THEN 'dates_overlap'
             ELSE 'dates_within_window'
           END AS date_reason
      FROM fresh n
      JOIN (${FACTS}
         WHERE c.retracted_at IS NULL AND c.merged_into IS NULL AND c.created_at < now()) o
        ON o.country_code = n.country_code AND o.id <> n.id AND o.incident_id IS DISTINCT FROM n.incident_id
           AND (n.d0 IS NULL OR o.d0 IS NULL
                OR daterange(n.d0 - ${DATE_WINDOW_DAYS}, n.d1 + ${DATE_WINDOW_DAYS}, '[]') && daterange(o.d0, o.d1, '[]'))
  )
  SELECT least(new_id, other_id) AS case_a, greatest(new_id, other_id) AS case_b,
         round((0.65 * CASE WHEN same_person THEN 1 ELSE name_score END
              + 0.35 * CASE date_reason WHEN 'same_date' THEN 1 WHEN 'dates_overlap' THEN 0.8
                                        WHEN 'dates_within_window' THEN 0.5 ELSE 0.3 END)::numeric, 3) AS score,
         array_remove(ARRAY[
           CASE WHEN same_person THEN 'same_person'
                WHEN name_score >= 0.999 THEN 'same_name'
                ELSE 'similar_name:' || round(name_score::numeric, 2) END,
           CASE WHEN name_score > coalesce(direct_score, 0) + 0.001 THEN 'name_across_transliteration' END,
           'same_country',
           date_reason,
           CASE WHEN unidentified THEN 'unidentified_name' END
         ], NULL) AS reasons
    FROM pairs
   WHERE same_person OR name_score >= ${NAME_THRESHOLD}`;

const PAIRS = pairsSql(`${FACTS} WHERE c.id = ANY($1::uuid[])`);

/**
 * The facts of records not yet stored (an import's rows), in FACTS' shape, from arrays: ids,
 * full names, transliterations, countries, start and end dates, precisions.
 */
const RECORD_FACTS = `
  SELECT r.id, NULL::uuid AS incident_id, NULL::uuid AS person_id, r.country_code::char(2) AS country_code,
         f_unaccent(lower(r.full_name)) AS name, f_unaccent(lower(r.translit)) AS translit,
         r.d0,
         CASE r.precision
           WHEN 'day' THEN coalesce(r.d_end, r.d0)
           WHEN 'month' THEN coalesce(r.d_end, (r.d0 + interval '1 month' - interval '1 day')::date)
           WHEN 'year' THEN coalesce(r.d_end, (r.d0 + interval '1 year' - interval '1 day')::date)
         END AS d1,
         r.precision
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[])
      AS r (id, full_name, translit, country_code, d0, d_end, precision)`;

/** A record not yet stored, as matching compares it with stored cases. */
export interface RecordFacts {
  id: string;
  fullName: string;
  transliteratedName: string | null;
  countryCode: string;
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
}

const COLUMNS = `case_a, case_b, score::float8 AS score, reasons, status, found_at AS "foundAt",
  decided_by AS "decidedBy", decided_at AS "decidedAt"`;

export type PairRow = {
  case_a: string;
  case_b: string;
  score: number;
  reasons: string[];
  status: CandidateRow['status'];
  foundAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
};

/** As seen from `caseId`: the other case of the pair is the candidate. */
function fromPair(row: PairRow, caseId: string): CandidateRow {
  return {
    caseId,
    candidateCaseId: row.case_a === caseId ? row.case_b : row.case_a,
    score: Number(row.score),
    reasons: row.reasons,
    status: row.status,
    foundAt: row.foundAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
  };
}

/** Candidate pairs of cases: found, listed for review, decided. */
@Injectable()
export class DuplicatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Finds and records the candidates of these cases in the caller's transaction. A pair already
   * decided keeps its decision; an open one takes the new score. Returns the open candidates.
   */
  async detect(manager: EntityManager, caseIds: readonly string[]): Promise<CandidateRow[]> {
    if (caseIds.length === 0) return [];
    const rows: PairRow[] = await manager.query(
      `WITH found AS (${PAIRS})
       INSERT INTO duplicate_candidates (case_a, case_b, score, reasons)
       SELECT DISTINCT ON (case_a, case_b) case_a, case_b, score, reasons FROM found ORDER BY case_a, case_b, score DESC
       ON CONFLICT (case_a, case_b) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons
        WHERE duplicate_candidates.status = 'open'
       RETURNING ${COLUMNS}`,
      [caseIds],
    );
    return rows.flatMap((row) =>
      caseIds
        .filter((id) => id === row.case_a || id === row.case_b)
        .slice(0, 1)
        .map((id) => fromPair(row, id)),
    );
  }

  /** Scores without recording anything (the benchmark's and a dry run's view). */
  async score(manager: EntityManager, caseIds: readonly string[]): Promise<PairRow[]> {
    return manager.query(PAIRS, [caseIds]);
  }

  /** Scores records not yet stored against the stored cases (least/greatest order as in PAIRS). */
  scoreRecords(manager: EntityManager, records: readonly RecordFacts[]): Promise<PairRow[]> {
    if (records.length === 0) return Promise.resolve([]);
    return manager.query(pairsSql(RECORD_FACTS), [
      records.map((r) => r.id),
      records.map((r) => r.fullName),
      records.map((r) => r.transliteratedName),
      records.map((r) => r.countryCode),
      records.map((r) => r.dateStart),
      records.map((r) => r.dateEnd),
      records.map((r) => r.datePrecision),
    ]);
  }

  /** The review list: by status, highest score first; `after` is the last row of the previous page. */
  list(
    status: CandidateRow['status'],
    limit: number,
    after?: [number, string, string],
  ): Promise<PairRow[]> {
    return this.dataSource.query(
      // An open pair with a case merged into a third one waits: that case answers as its survivor.
      `SELECT ${COLUMNS} FROM duplicate_candidates
        WHERE status = $1 AND ($3::numeric IS NULL OR (score, case_a, case_b) < ($3::numeric, $4::uuid, $5::uuid))
          AND (status <> 'open' OR NOT EXISTS (SELECT 1 FROM cases x WHERE x.id IN (case_a, case_b) AND x.merged_into IS NOT NULL))
        ORDER BY score DESC, case_a DESC, case_b DESC LIMIT $2`,
      [status, limit, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null],
    );
  }

  /** The open candidates of these cases. */
  async openFor(caseIds: readonly string[], manager?: EntityManager): Promise<CandidateRow[]> {
    const rows: PairRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM duplicate_candidates
        WHERE status = 'open' AND (case_a = ANY($1::uuid[]) OR case_b = ANY($1::uuid[]))
        ORDER BY score DESC, case_a, case_b`,
      [caseIds],
    );
    return rows.flatMap((row) =>
      caseIds.filter((id) => id === row.case_a || id === row.case_b).map((id) => fromPair(row, id)),
    );
  }

  async find(
    manager: EntityManager,
    a: string,
    b: string,
    lock = false,
  ): Promise<PairRow | undefined> {
    const rows: PairRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM duplicate_candidates WHERE case_a = $1 AND case_b = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [a, b],
    );
    return rows[0];
  }

  async decide(
    manager: EntityManager,
    a: string,
    b: string,
    status: CandidateRow['status'],
    by: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE duplicate_candidates SET status = $3, decided_by = $4, decided_at = CASE WHEN $3 = 'open' THEN NULL ELSE now() END
        WHERE case_a = $1 AND case_b = $2`,
      [a, b, status, by],
    );
  }

  /** A pair's decision, its instant to the microsecond (for putting it back exactly). */
  async decision(
    manager: EntityManager,
    a: string,
    b: string,
  ): Promise<{
    status: CandidateRow['status'];
    decidedBy: string | null;
    decidedAt: string | null;
  }> {
    const [row] = await manager.query(
      `SELECT status, decided_by AS "decidedBy", decided_at::text AS "decidedAt"
         FROM duplicate_candidates WHERE case_a = $1 AND case_b = $2`,
      [a, b],
    );
    return row;
  }

  /** Puts back a pair's decision as it was (undoing a merge). */
  async restore(
    manager: EntityManager,
    a: string,
    b: string,
    decision: {
      status: CandidateRow['status'];
      decidedBy: string | null;
      decidedAt: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE duplicate_candidates SET status = $3, decided_by = $4, decided_at = $5::timestamptz
        WHERE case_a = $1 AND case_b = $2`,
      [a, b, decision.status, decision.decidedBy, decision.decidedAt],
    );
  }

  /** Names, countries and dates of cases, for the review list. */
  summaries(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<
    {
      id: string;
      fullName: string;
      transliteratedName: string | null;
      countryCode: string;
      dateStart: string | null;
      datePrecision: string;
    }[]
  > {
    return manager.query(
      `SELECT c.id, p.full_name AS "fullName", p.transliterated_name AS "transliteratedName", i.country_code::text AS "countryCode",
              to_char(i.date_start, 'YYYY-MM-DD') AS "dateStart", i.date_precision AS "datePrecision"
         FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id
        WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
