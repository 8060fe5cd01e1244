import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import type { NewEvent } from './event.types.js';

/** What a subscription filters on, for one case: its incident's country and types, its monitors. */
export interface CaseCategories {
  caseId: string;
  countryCode: string;
  attackTypes: string[];
  monitors: string[];
}

/** The outbox's SQL. Every write joins the caller's transaction. */
@Injectable()
export class EventsRepository {
  /** Inserts events; their position and revision are stamped when the transaction commits. */
  async insert(manager: EntityManager, events: NewEvent[], actor: Principal): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO events (type, subject_type, subject_id, country_code, attack_types, monitors,
         organisation_id, visibility, advances_revision, data, actor, request_id)
       SELECT e.type, e.subject_type, e.subject_id, e.country_code,
         ARRAY(WITH RECURSIVE up(code) AS (
           SELECT unnest(e.attack_types) UNION SELECT a.parent_code FROM attack_types a JOIN up ON a.code = up.code
           WHERE a.parent_code IS NOT NULL) SELECT code FROM up ORDER BY code),
         e.monitors, e.organisation_id, e.visibility, e.advances_revision, e.data, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS e(type text, subject_type text, subject_id text,
         country_code text, attack_types text[], monitors text[], organisation_id uuid,
         visibility text, advances_revision boolean, data jsonb)`,
      [
        JSON.stringify(
          events.map((e) => ({
            type: e.type,
            subject_type: e.subject.type,
            subject_id: e.subject.id,
            country_code: e.countryCode ?? null,
            attack_types: e.attackTypes ?? [],
            monitors: e.monitors ?? [],
            organisation_id: e.organisationId ?? null,
            visibility: e.visibility,
            advances_revision: e.changesData,
            data: e.data,
          })),
        ),
        actor.label,
        actor.requestId ?? null,
      ],
    );
  }

  /** The categories of these cases as the transaction sees them. */
  async caseCategories(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<CaseCategories[]> {
    if (caseIds.length === 0) return [];
    return manager.query(
      `SELECT c.id AS "caseId", i.country_code AS "countryCode",
         ARRAY(SELECT iat.attack_type_code FROM incident_attack_types iat WHERE iat.incident_id = i.id ORDER BY 1) AS "attackTypes",
         ARRAY(SELECT mc.monitor FROM monitor_classifications mc WHERE mc.case_id = c.id ORDER BY 1) AS monitors
       FROM cases c JOIN incidents i ON i.id = c.incident_id WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
  }

  /** The status entries a state's answer recorded, one per case it reported on. */
  entriesOfAnswer(
    manager: EntityManager,
    responseId: string,
  ): Promise<(Record<string, unknown> & { caseId: string; status: string })[]> {
    return manager.query(
      `SELECT se.id::text AS id, se.case_id AS "caseId", se.scheme, se.status,
         to_char(se.effective_date, 'YYYY-MM-DD') AS "effectiveDate", se.recorded_at AS "recordedAt",
         se.reported_by AS "reportedBy", se.source, se.note, se.confidential
       FROM status_entries se WHERE se.dg_response_id = $1 ORDER BY se.id`,
      [responseId],
    );
  }

  /** The cases of an incident. */
  async casesOfIncident(manager: EntityManager, incidentId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM cases WHERE incident_id = $1 ORDER BY id`,
      [incidentId],
    );
    return rows.map((r) => r.id);
  }

  /** An incident's country and attack types (a proposal of a new case targets one). */
  async incidentCategories(
    manager: EntityManager,
    incidentId: string,
  ): Promise<{ countryCode: string; attackTypes: string[] } | undefined> {
    const [row] = await manager.query(
      `SELECT i.country_code AS "countryCode",
         ARRAY(SELECT iat.attack_type_code FROM incident_attack_types iat WHERE iat.incident_id = i.id ORDER BY 1) AS "attackTypes"
       FROM incidents i WHERE i.id = $1`,
      [incidentId],
    );
    return row;
  }
}
