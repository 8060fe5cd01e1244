// SQL of the cases an import writes: new people, incidents, cases, classifications, statuses and
// observations in bulk (COPY for new rows; rows that may exist passed as JSON and expanded by
// jsonb_to_recordset), the update of one imported case, and their audit entries.
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { copyRows } from '../database/copy-rows.js';
import type { CaseRecord, StatusRecord } from './import-record.js';

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

@Injectable()
export class CaseWritesRepository {
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

  /** Locks a case until the transaction ends, so that no other write changes it meanwhile. */
  async lockCase(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  }

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
}
