import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { copyRows } from '../database/copy-rows.js';
import type { CountryRule } from './formats/cpj-common.js';
import type { CaseRecord, Reject, SourceName, StatusRecord } from './import-record.js';

export interface ExistingSource {
  key: string;
  caseId: string | null;
  contentHash: string;
  /** The case's person and incident, and the record as last imported: read only for the records
   * whose content changed (storedRecords). */
  personId?: string;
  incidentId?: string;
  record?: CaseRecord | null;
}

/** What an update of an imported case needs: its person and incident, its record as imported. */
export interface StoredRecord {
  personId: string;
  incidentId: string;
  record: CaseRecord | null;
}

/** A record to create, with the ids it will have. */
export interface NewCase {
  record: CaseRecord;
  caseId: string;
  personId: string;
  incidentId: string;
  hash: string;
  /** The person or incident exists already (canonical imports share them between cases). */
  reusePerson: boolean;
  reuseIncident: boolean;
}

/** The date a CPJ key ends with when its file gave one (see cpjKey), as the migration strips it. */
const DATED_KEY = /\|\d{4}-\d{2}-\d{2}(?:\/\d{4}-\d{2}-\d{2})?$/;

/** A record's source identity, as import_sources keeps it (no case while it is held). */
export interface SourceIdentity {
  source: SourceName;
  key: string;
  caseId: string | null;
  hash: string;
  record: CaseRecord;
}

export interface PopulationRow {
  code: string;
  name: string;
  year: number;
  value: string;
}

export interface JobRow {
  id: string;
  format: string;
  fileName: string | null;
  dryRun: boolean;
  mode: string;
  options: Record<string, unknown>;
  state: string;
  phase: string | null;
  rowsRead: number;
  recordsTotal: number | null;
  recordsDone: number;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const JOB_COLUMNS = `id, format, file_name AS "fileName", dry_run AS "dryRun", mode, options, state, phase,
  rows_read AS "rowsRead", records_total AS "recordsTotal", records_done AS "recordsDone", summary, error,
  created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** A person's columns after its id, in the order the inserts and updates below list them. */
const personValues = (p: CaseRecord['person']) => [
  p.fullName,
  p.transliteratedName,
  p.gender,
  p.nationalities,
  p.role,
  p.employment,
  p.mediaTypes,
  p.outlets,
  p.beats,
];

/** An incident's columns after its id, in the order the inserts and updates below list them. */
const incidentValues = (i: CaseRecord['incident']) => [
  i.dateStart,
  i.dateEnd,
  i.datePrecision,
  i.countryCode,
  i.place,
  i.context,
  i.description,
  i.sourceLinks,
];

/**
 * SQL of the importers: jobs and their rejects, source identities, and bulk writes of people,
 * incidents, cases, classifications, statuses and observations (one statement per table per batch:
 * new rows written with COPY, rows that may exist passed as JSON and expanded by jsonb_to_recordset).
 */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- jobs ------------------------------------------------------------------------------------

  async createJob(job: {
    format: string;
    fileName: string | null;
    dryRun: boolean;
    mode: string;
    options: object;
    createdBy: string;
  }): Promise<JobRow> {
    const [row]: JobRow[] = await this.dataSource.query(
      `INSERT INTO import_jobs (format, file_name, dry_run, mode, options, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${JOB_COLUMNS}`,
      [job.format, job.fileName, job.dryRun, job.mode, job.options, job.createdBy],
    );
    return row;
  }

  async findJob(id: string): Promise<JobRow | undefined> {
    const rows: JobRow[] = await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async updateJob(
    id: string,
    fields: Partial<
      Pick<
        JobRow,
        'state' | 'phase' | 'rowsRead' | 'recordsTotal' | 'recordsDone' | 'summary' | 'error'
      >
    > & { started?: boolean; finished?: boolean },
  ): Promise<void> {
    const columns: Record<string, string> = {
      state: 'state',
      phase: 'phase',
      rowsRead: 'rows_read',
      recordsTotal: 'records_total',
      recordsDone: 'records_done',
      summary: 'summary',
      error: 'error',
    };
    const params: unknown[] = [id];
    const sets: string[] = [];
    for (const [field, column] of Object.entries(columns)) {
      const value = (fields as Record<string, unknown>)[field];
      if (value !== undefined) {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      }
    }
    if (fields.started) sets.push('started_at = now()');
    if (fields.finished) sets.push('finished_at = now()');
    if (sets.length)
      await this.dataSource.query(
        `UPDATE import_jobs SET ${sets.join(', ')} WHERE id = $1`,
        params,
      );
  }

  /** The process running a job says it is alive (and which it is). */
  async heartbeat(id: string, runner: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_jobs SET runner = $2, heartbeat_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
      [id, runner],
    );
  }

  /** Unfinished jobs: their runner and how long since it was last heard of (or the job made). */
  unfinishedJobs(): Promise<
    { id: string; state: string; runner: string | null; silentFor: number }[]
  > {
    return this.dataSource.query(
      `SELECT id, state, runner,
              extract(epoch FROM now() - coalesce(heartbeat_at, started_at, created_at))::float8 AS "silentFor"
         FROM import_jobs WHERE state IN ('queued', 'running') ORDER BY created_at`,
    );
  }

  /** Marks jobs failed with a reason, unless they finished meanwhile. */
  async failJobs(ids: string[], reason: (id: string) => string): Promise<number> {
    if (ids.length === 0) return 0;
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH failed AS (
         UPDATE import_jobs j SET state = 'failed', phase = 'done', error = r.reason, finished_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS r(id, reason)
          WHERE j.id = r.id AND j.state IN ('queued', 'running') RETURNING j.id)
       SELECT count(*)::int AS n FROM failed`,
      [ids, ids.map(reason)],
    );
    return n;
  }

  async saveRejects(jobId: string, rejects: Reject[]): Promise<void> {
    for (let i = 0; i < rejects.length; i += 5000) {
      const chunk = rejects.slice(i, i + 5000);
      await this.dataSource.query(
        `INSERT INTO import_rejects (job_id, row_number, field, reason, raw)
         SELECT $1, x.row_number, x.field, x.reason, x.raw
           FROM jsonb_to_recordset($2::jsonb) AS x(row_number int, field text, reason text, raw jsonb)`,
        [
          jobId,
          JSON.stringify(
            chunk.map((r) => ({
              row_number: r.row,
              field: r.field,
              reason: r.reason,
              raw: r.raw ?? null,
            })),
          ),
        ],
      );
    }
  }

  rejects(jobId: string): Promise<Reject[]> {
    return this.dataSource.query(
      `SELECT row_number AS row, field, reason, raw FROM import_rejects WHERE job_id = $1 ORDER BY row_number, id`,
      [jobId],
    );
  }

  /** The first `limit` rejects of a job in file order, without the rows as they were. */
  firstRejects(jobId: string, limit: number): Promise<Omit<Reject, 'raw'>[]> {
    return this.dataSource.query(
      `SELECT row_number AS row, field, reason FROM import_rejects WHERE job_id = $1
        ORDER BY row_number, id LIMIT $2`,
      [jobId, limit],
    );
  }

  /**
   * Refreshes the planner's statistics of the tables an import writes. In the import's
   * transaction, the statistics count the rows it has written so far and only it sees them until
   * it commits.
   */
  async analyze(manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `ANALYZE people, incidents, incident_attack_types, incident_perpetrator_types, cases, monitor_classifications,
               status_entries, case_current_status, case_status_periods, case_observations, import_sources`,
    );
  }

  /** How many cases the planner's statistics know of (0 when the table was never analysed). */
  async analysedCases(manager: EntityManager): Promise<number> {
    const [{ cases }]: { cases: number }[] = await manager.query(
      `SELECT greatest(reltuples, 0)::float8 AS cases FROM pg_class WHERE oid = 'cases'::regclass`,
    );
    return cases;
  }

  // ---- reference data --------------------------------------------------------------------------

  async countries(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, CountryRule>> {
    const rows: CountryRule[] = await manager.query(
      `SELECT code, name, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM countries`,
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  async codes(table: 'attack_types' | 'perpetrator_types'): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM ${table}`);
    return new Set(rows.map((r) => r.code));
  }

  // ---- identities ------------------------------------------------------------------------------

  /**
   * Waits until no other import of this source is writing, and keeps the others waiting until
   * this transaction ends. Two imports of the same file at once would otherwise both find its
   * records new, and the second would fail on the first's identities; in turn, the second finds
   * them written and leaves them unchanged.
   */
  async lockSourceImports(manager: EntityManager, source: SourceName): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('import_sources'), hashtext($1))`, [
      source,
    ]);
  }

  /** The identities of these keys, without what only an update needs (see storedRecords). */
  async existingSources(
    manager: EntityManager,
    source: SourceName,
    keys: string[],
  ): Promise<Map<string, ExistingSource>> {
    if (keys.length === 0) return new Map();
    const rows: ExistingSource[] = await manager.query(
      `SELECT source_key AS key, case_id AS "caseId", content_hash AS "contentHash"
         FROM import_sources WHERE source = $1 AND source_key = ANY($2::text[])`,
      [source, keys],
    );
    return new Map(rows.map((r) => [r.key, r]));
  }

  /**
   * CPJ records stored under the same name, year, country and status as these keys but one with
   * a date and the other without (a data API file gives the year, the legacy export the day):
   * by the key asked for, those that only one stored record matches.
   */
  async sameUndatedIdentity(
    manager: EntityManager,
    keys: string[],
  ): Promise<Map<string, ExistingSource>> {
    const wanted = keys.filter((k) => !/^https?:\/\//.test(k) && !k.includes('#'));
    if (wanted.length === 0) return new Map();
    const bases = wanted.map((k) => k.replace(DATED_KEY, ''));
    const rows: (ExistingSource & { base: string })[] = await manager.query(
      `SELECT regexp_replace(source_key, '${DATED_KEY.source}', '') AS base, source_key AS key,
              case_id AS "caseId", content_hash AS "contentHash"
         FROM import_sources
        WHERE source = 'cpj' AND regexp_replace(source_key, '${DATED_KEY.source}', '') = ANY($1::text[])`,
      [bases],
    );
    const byBase = new Map<string, ExistingSource[]>();
    for (const { base, ...row } of rows) byBase.set(base, [...(byBase.get(base) ?? []), row]);
    const found = new Map<string, ExistingSource>();
    wanted.forEach((key, i) => {
      const dated = key !== bases[i];
      // A dated key meets the undated record; an undated key meets the one dated record.
      const matches = (byBase.get(bases[i]) ?? []).filter((r) =>
        dated ? r.key === bases[i] : r.key !== key,
      );
      if (matches.length === 1) found.set(key, matches[0]);
    });
    return found;
  }

  /** The cases imported under these keys: their person and incident, the record as imported. */
  async storedRecords(
    manager: EntityManager,
    source: SourceName,
    keys: string[],
  ): Promise<Map<string, StoredRecord>> {
    if (keys.length === 0) return new Map();
    const rows: (StoredRecord & { key: string })[] = await manager.query(
      `SELECT s.source_key AS key, c.person_id AS "personId", c.incident_id AS "incidentId", s.raw AS record
         FROM import_sources s JOIN cases c ON c.id = s.case_id
        WHERE s.source = $1 AND s.source_key = ANY($2::text[])`,
      [source, keys],
    );
    return new Map(rows.map(({ key, ...stored }) => [key, stored]));
  }

  /** Which of these ids exist in a table (canonical imports keep our ids). */
  async existingIds(
    manager: EntityManager,
    table: 'cases' | 'people' | 'incidents',
    ids: string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Identities of records imported for the first time. */
  async insertSources(
    manager: EntityManager,
    jobId: string,
    rows: SourceIdentity[],
  ): Promise<void> {
    await copyRows(
      manager,
      'import_sources',
      [
        'source',
        'source_key',
        'case_id',
        'content_hash',
        'country_label',
        'flags',
        'review_state',
        'raw',
        'first_job_id',
        'last_job_id',
      ],
      rows.map((r) => [
        r.source,
        r.key,
        r.caseId,
        r.hash,
        r.record.countryLabel,
        r.record.flags,
        r.caseId ? null : 'needs_review',
        r.record,
        jobId,
        jobId,
      ]),
    );
  }

  /** Identities of records imported before, with their new content. */
  async upsertSources(
    manager: EntityManager,
    jobId: string,
    rows: SourceIdentity[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO import_sources (source, source_key, case_id, content_hash, country_label, flags, review_state, raw, first_job_id, last_job_id)
       SELECT x.source, x.key, x.case_id, x.hash, x.country_label, x.flags, x.review_state, x.raw, $1, $1
         FROM jsonb_to_recordset($2::jsonb) AS x(source text, key text, case_id uuid, hash text, country_label text,
                                                 flags text[], review_state text, raw jsonb)
       ON CONFLICT (source, source_key) DO UPDATE SET case_id = EXCLUDED.case_id, content_hash = EXCLUDED.content_hash,
         country_label = EXCLUDED.country_label, flags = EXCLUDED.flags,
         review_state = CASE WHEN EXCLUDED.case_id IS NULL THEN 'needs_review'
                             WHEN import_sources.review_state IS NOT NULL THEN 'resolved' END,
         raw = EXCLUDED.raw, last_job_id = $1, updated_at = now()
       -- A record that is a case stays one: an import that would hold it again (read before a
       -- reviewer settled it, or a file whose label is still ambiguous) leaves it as it is.
       WHERE import_sources.case_id IS NULL OR EXCLUDED.case_id IS NOT NULL`,
      [
        jobId,
        JSON.stringify(
          rows.map((r) => ({
            source: r.source,
            key: r.key,
            case_id: r.caseId,
            hash: r.hash,
            country_label: r.record.countryLabel,
            flags: r.record.flags,
            review_state: r.caseId ? null : 'needs_review',
            raw: r.record,
          })),
        ),
      ],
    );
  }

  // ---- creating cases in bulk ------------------------------------------------------------------

  /** New cases with their people, incidents, classifications, statuses and observations. */
  async insertCases(manager: EntityManager, batch: NewCase[], actor: string): Promise<void> {
    if (batch.length === 0) return;
    const people = batch.filter((n) => !n.reusePerson);
    const incidents = [
      ...new Map(batch.filter((n) => !n.reuseIncident).map((n) => [n.incidentId, n])).values(),
    ];
    await copyRows(
      manager,
      'people',
      [
        'id',
        'full_name',
        'transliterated_name',
        'gender',
        'nationalities',
        'role',
        'employment',
        'media_types',
        'outlets',
        'beats',
      ],
      people.map(({ personId, record }) => [personId, ...personValues(record.person)]),
    );
    await copyRows(
      manager,
      'incidents',
      [
        'id',
        'date_start',
        'date_end',
        'date_precision',
        'country_code',
        'place',
        'context',
        'description',
        'source_links',
      ],
      incidents.map(({ incidentId, record }) => [incidentId, ...incidentValues(record.incident)]),
    );
    await this.insertTypes(
      manager,
      incidents.map((n) => ({ incidentId: n.incidentId, incident: n.record.incident })),
    );
    await copyRows(
      manager,
      'cases',
      [
        'id',
        'incident_id',
        'person_id',
        'outcome',
        'local_foreign',
        'date_of_death',
        'retracted_at',
        'retraction_reason',
      ],
      batch.map(({ caseId, incidentId, personId, record: { case: c } }) => [
        caseId,
        incidentId,
        personId,
        c.outcome,
        c.localForeign,
        c.dateOfDeath,
        c.retractedAt,
        c.retractionReason,
      ]),
    );
    await copyRows(
      manager,
      'monitor_classifications',
      [
        'case_id',
        'monitor',
        'external_id',
        'url',
        'included',
        'motive',
        'type_of_death',
        'condemnation',
        'recorded_date',
      ],
      batch.flatMap(({ caseId, record }) =>
        record.classifications.map((c) => [
          caseId,
          c.monitor,
          c.externalId,
          c.url,
          c.included,
          c.motive,
          c.typeOfDeath,
          c.condemnation,
          c.recordedDate,
        ]),
      ),
    );
    await this.insertStatuses(
      manager,
      batch.flatMap((n) => n.record.statuses.map((s) => ({ caseId: n.caseId, status: s }))),
      actor,
    );
    await copyRows(
      manager,
      'case_observations',
      ['case_id', 'source', 'year', 'status', 'details'],
      batch.flatMap(({ caseId, record }) =>
        record.observations.map((o) => [caseId, record.source, o.year, o.status, o.details]),
      ),
    );
  }

  /** The attack and perpetrator types of incidents that have none yet. */
  async insertTypes(
    manager: EntityManager,
    rows: { incidentId: string; incident: CaseRecord['incident'] }[],
  ): Promise<void> {
    const pairs = (codes: (r: (typeof rows)[number]) => string[]) =>
      rows.flatMap((r) => [...new Set(codes(r))].map((code) => [r.incidentId, code]));
    await copyRows(
      manager,
      'incident_attack_types',
      ['incident_id', 'attack_type_code'],
      pairs((r) => r.incident.attackTypes),
    );
    await copyRows(
      manager,
      'incident_perpetrator_types',
      ['incident_id', 'perpetrator_type_code'],
      pairs((r) => r.incident.perpetratorTypes),
    );
  }

  /** Each record's classifications, replacing what those monitors said before. */
  async upsertClassifications(
    manager: EntityManager,
    rows: { caseId: string; record: CaseRecord }[],
  ): Promise<void> {
    const all = rows.flatMap((r) =>
      r.record.classifications.map((c) => ({ case_id: r.caseId, ...c })),
    );
    if (all.length === 0) return;
    await manager.query(
      `INSERT INTO monitor_classifications (case_id, monitor, external_id, url, included, motive, type_of_death, condemnation, recorded_date)
       SELECT x.case_id, x.monitor, x."externalId", x.url, x.included, x.motive, x."typeOfDeath", x.condemnation, x."recordedDate"
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, monitor text, "externalId" text, url text, included boolean,
              motive text, "typeOfDeath" text, condemnation text, "recordedDate" date)
       ON CONFLICT (case_id, monitor) DO UPDATE SET external_id = EXCLUDED.external_id, url = EXCLUDED.url,
         included = EXCLUDED.included, motive = EXCLUDED.motive, type_of_death = EXCLUDED.type_of_death,
         condemnation = EXCLUDED.condemnation, recorded_date = EXCLUDED.recorded_date, updated_at = now()`,
      [JSON.stringify(all)],
    );
  }

  /**
   * Appends status entries. Ids are drawn first so that a correction can name the entry it
   * supersedes within the same batch (the canonical format's `supersedesRef`); an entry without
   * its own recorded time is recorded at the transaction's time, as the column's default would.
   */
  async insertStatuses(
    manager: EntityManager,
    entries: { caseId: string; status: StatusRecord }[],
    actor: string,
  ): Promise<void> {
    if (entries.length === 0) return;
    const [{ ids, now }]: { ids: string[]; now: string }[] = await manager.query(
      `SELECT array(SELECT nextval(pg_get_serial_sequence('status_entries', 'id')) FROM generate_series(1, $1))::text[] AS ids,
              now()::text AS now`,
      [entries.length],
    );
    const byRef = new Map<string, string>();
    entries.forEach((e, i) => {
      if (e.status.ref) byRef.set(`${e.caseId}/${e.status.ref}`, ids[i]);
    });
    const rows = entries.map((e, i) => {
      const s = e.status;
      const supersedes = s.supersedesRef
        ? (byRef.get(`${e.caseId}/${s.supersedesRef}`) ?? null)
        : null;
      return [
        ids[i],
        e.caseId,
        s.scheme,
        s.status,
        s.resolutionReason ?? null,
        s.effectiveDate,
        s.recordedAt ?? now,
        s.reportedBy,
        s.source,
        s.note,
        supersedes,
        s.createdBy ?? actor,
      ];
    });
    // Superseded entries first, so that the foreign key holds row by row.
    const corrections = rows.filter((r) => r[10] !== null);
    await copyRows(
      manager,
      'status_entries',
      [
        'id',
        'case_id',
        'scheme',
        'status',
        'resolution_reason',
        'effective_date',
        'recorded_at',
        'reported_by',
        'source',
        'note',
        'supersedes_id',
        'created_by',
      ],
      corrections.length ? [...rows.filter((r) => r[10] === null), ...corrections] : rows,
    );
  }

  async upsertObservations(
    manager: EntityManager,
    rows: { caseId: string; record: CaseRecord }[],
  ): Promise<void> {
    const all = rows.flatMap((r) =>
      r.record.observations.map((o) => ({ case_id: r.caseId, source: r.record.source, ...o })),
    );
    if (all.length === 0) return;
    await manager.query(
      `INSERT INTO case_observations (case_id, source, year, status, details)
       SELECT x.case_id, x.source, x.year, x.status, x.details
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, source text, year int, status text, details jsonb)
       ON CONFLICT (case_id, source, year) DO UPDATE SET status = EXCLUDED.status, details = EXCLUDED.details`,
      [JSON.stringify(all)],
    );
  }

  /** Audit entries of imported cases, attributed like any other change (member, organisation, key). */
  async audit(
    manager: EntityManager,
    actor: Principal,
    entries: {
      caseId: string;
      action: 'create' | 'update';
      before: object | null;
      after: object | null;
      note: string;
    }[],
  ): Promise<void> {
    const by = [
      actor.label,
      actor.requestId ?? null,
      actor.memberId ?? null,
      actor.memberName ?? null,
      actor.organisationId ?? null,
      actor.organisationName ?? null,
      actor.keyPrefix ?? null,
      actor.kind === 'anonymous' ? null : actor.kind,
    ];
    await copyRows(
      manager,
      'audit_log',
      [
        'actor',
        'request_id',
        'member_id',
        'member_name',
        'organisation_id',
        'organisation_name',
        'key_prefix',
        'role',
        'entity_type',
        'entity_id',
        'action',
        'before',
        'after',
        'note',
      ],
      entries.map((e) => [...by, 'case', e.caseId, e.action, e.before, e.after, e.note]),
    );
  }

  // ---- updating one case ------------------------------------------------------------------------

  async updateCase(
    manager: EntityManager,
    ids: { caseId: string; personId: string; incidentId: string },
    record: CaseRecord,
  ): Promise<void> {
    const { person: p, incident: i, case: c } = record;
    await manager.query(
      `UPDATE people SET full_name = $2, transliterated_name = $3, gender = $4, nationalities = $5::char(2)[], role = $6,
              employment = $7, media_types = $8::text[], outlets = $9::text[], beats = $10::text[], version = version + 1, updated_at = now()
        WHERE id = $1`,
      [ids.personId, ...personValues(p)],
    );
    await manager.query(
      `UPDATE incidents SET date_start = $2, date_end = $3, date_precision = $4, country_code = $5, place = $6, context = $7,
              description = $8, source_links = $9::text[], version = version + 1, updated_at = now()
        WHERE id = $1`,
      [ids.incidentId, ...incidentValues(i)],
    );
    await manager.query(`DELETE FROM incident_attack_types WHERE incident_id = $1`, [
      ids.incidentId,
    ]);
    await manager.query(`DELETE FROM incident_perpetrator_types WHERE incident_id = $1`, [
      ids.incidentId,
    ]);
    await this.insertTypes(manager, [{ incidentId: ids.incidentId, incident: i }]);
    await manager.query(
      `UPDATE cases SET outcome = $2, local_foreign = $3, date_of_death = $4, retracted_at = $5, retraction_reason = $6,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [ids.caseId, c.outcome, c.localForeign, c.dateOfDeath, c.retractedAt, c.retractionReason],
    );
    await this.upsertClassifications(manager, [{ caseId: ids.caseId, record }]);
    await this.upsertObservations(manager, [{ caseId: ids.caseId, record }]);
  }

  /** The current status of a case in each scheme (the maintained current-status table). */
  async currentStatuses(manager: EntityManager, caseId: string): Promise<Map<string, string>> {
    const rows: { scheme: string; status: string }[] = await manager.query(
      `SELECT scheme, status FROM case_current_status WHERE case_id = $1`,
      [caseId],
    );
    return new Map(rows.map((r) => [r.scheme, r.status]));
  }

  /** Entries of a case as (scheme, status, effective date, reported by, source, note) signatures. */
  async statusSignatures(manager: EntityManager, caseId: string): Promise<Set<string>> {
    const rows: { sig: string }[] = await manager.query(
      `SELECT concat_ws('|', scheme, status, effective_date::text, reported_by, source, note) AS sig FROM status_entries WHERE case_id = $1`,
      [caseId],
    );
    return new Set(rows.map((r) => r.sig));
  }

  // ---- population ----------------------------------------------------------------------------

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

  // ---- records held for review ---------------------------------------------------------------

  /**
   * At most `limit` records waiting for a reviewer, oldest first, then by source and key, after
   * a position in that order (a page's last `position`, `source` and `key`).
   */
  heldSources(
    filter: { source?: SourceName },
    limit: number,
    after?: { position: string; source: string; key: string },
  ): Promise<HeldSource[]> {
    const params: unknown[] = [limit];
    const where = [`case_id IS NULL`, `review_state = 'needs_review'`];
    if (filter.source) {
      params.push(filter.source);
      where.push(`source = $${params.length}`);
    }
    if (after) {
      params.push(after.position, after.source, after.key);
      const n = params.length;
      where.push(`(created_at, source, source_key) > ($${n - 2}::timestamptz, $${n - 1}, $${n})`);
    }
    return this.dataSource.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources
        WHERE ${where.join(' AND ')}
        ORDER BY created_at, source, source_key
        LIMIT $1`,
      params,
    );
  }

  /** One source record, locked until the transaction ends (a reviewer settling it). */
  async lockSource(
    manager: EntityManager,
    source: SourceName,
    key: string,
  ): Promise<HeldSource | undefined> {
    const rows: HeldSource[] = await manager.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources WHERE source = $1 AND source_key = $2 FOR UPDATE`,
      [source, key],
    );
    return rows[0];
  }

  /** Held records under a label and/or in a list, locked until the transaction ends (oldest first). */
  async lockHeld(
    manager: EntityManager,
    filter: { source?: SourceName; label?: string; records?: { source: string; key: string }[] },
  ): Promise<HeldSource[]> {
    const params: unknown[] = [];
    const where = [`case_id IS NULL`, `review_state = 'needs_review'`];
    if (filter.source) {
      params.push(filter.source);
      where.push(`source = $${params.length}`);
    }
    if (filter.label) {
      params.push(filter.label.trim());
      where.push(`lower(country_label) = lower($${params.length})`);
    }
    if (filter.records?.length) {
      params.push(
        filter.records.map((r) => r.source),
        filter.records.map((r) => r.key),
      );
      where.push(
        `(source, source_key) IN (SELECT * FROM unnest($${params.length - 1}::text[], $${params.length}::text[]))`,
      );
    }
    return manager.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources WHERE ${where.join(' AND ')}
        ORDER BY created_at, source, source_key FOR UPDATE`,
      params,
    );
  }

  /**
   * A held record a reviewer settled: linked to the case it became, kept as settled. Its content
   * hash stays the file's, so that importing the same file again finds it unchanged.
   */
  async settleSource(
    manager: EntityManager,
    source: SourceName,
    key: string,
    caseId: string,
    record: CaseRecord,
  ): Promise<void> {
    await manager.query(
      `UPDATE import_sources SET case_id = $3, review_state = 'resolved', raw = $4, flags = $5::text[], updated_at = now()
        WHERE source = $1 AND source_key = $2`,
      [source, key, caseId, record, record.flags],
    );
  }
}

/** A source record as a reviewer sees it; `position` is where it sorts among held records. */
export interface HeldSource {
  source: SourceName;
  key: string;
  caseId: string | null;
  contentHash: string;
  countryLabel: string | null;
  flags: string[];
  record: CaseRecord;
  firstJobId: string | null;
  lastJobId: string | null;
  heldSince: Date;
  /** created_at as text to the microsecond (a Date would round it and skip or repeat rows). */
  position: string;
}

const HELD_COLUMNS = `source, source_key AS key, case_id AS "caseId", content_hash AS "contentHash",
  country_label AS "countryLabel", flags,
  raw AS record, first_job_id AS "firstJobId", last_job_id AS "lastJobId", created_at AS "heldSince",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;
