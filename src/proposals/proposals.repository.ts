import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProposalDto } from './dto/proposal.dto.js';
import type { ProposalFilterDto } from './dto/proposal.input.js';
import type { ProposalKind, ProposalTarget } from './proposal.enums.js';

const COLUMNS = `
  p.id, p.kind, p.status, p.organisation_id AS "organisationId", o.name AS "organisationName", p.member_id AS "memberId",
  p.submitted_by AS "submittedBy", p.country_code::text AS "countryCode", p.target_type AS "targetType", p.target_id AS "targetId",
  p.base_version AS "baseVersion", p.payload, p.evidence_links AS "evidenceLinks", p.note, p.created_at AS "createdAt",
  floor(extract(epoch FROM now() - p.created_at) / 86400)::int AS "ageDays", p.reviewed_at AS "reviewedAt",
  p.reviewed_by AS "reviewedBy", p.review_note AS "reviewNote", p.result`;
const FROM = `FROM proposals p LEFT JOIN organisations o ON o.id = p.organisation_id`;
/** Tables of the records a proposal may target (a whitelist: never user input in SQL). */
const TABLES: Record<ProposalTarget, string> = {
  case: 'cases',
  incident: 'incidents',
  person: 'people',
};

export interface NewProposal {
  kind: ProposalKind;
  organisationId: string | null;
  memberId: string | null;
  submittedBy: string;
  countryCode: string | null;
  targetType: ProposalTarget | null;
  targetId: string | null;
  baseVersion: number | null;
  payload: object;
  evidenceLinks: string[];
  note: string | null;
}

/** The review queue. Proposals live apart from the record: nothing here touches cases. */
@Injectable()
export class ProposalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, proposal: NewProposal): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO proposals (kind, organisation_id, member_id, submitted_by, country_code, target_type, target_id,
                              base_version, payload, evidence_links, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11) RETURNING id`,
      [
        proposal.kind,
        proposal.organisationId,
        proposal.memberId,
        proposal.submittedBy,
        proposal.countryCode,
        proposal.targetType,
        proposal.targetId,
        proposal.baseVersion,
        JSON.stringify(proposal.payload),
        proposal.evidenceLinks,
        proposal.note,
      ],
    );
    return id;
  }

  async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ProposalDto | undefined> {
    const rows: ProposalDto[] = await manager.query(
      `SELECT ${COLUMNS} ${FROM} WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [id],
    );
    return rows[0];
  }

  /** A page of the queue, oldest first; `organisationId` scopes it to one organisation. */
  list(
    filter: ProposalFilterDto,
    limit: number,
    after?: [string, string],
  ): Promise<(ProposalDto & { sortKey: string })[]> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = this.where(filter, $);
    if (after)
      where.push(`(p.created_at, p.id) > (${$(after[0])}::timestamptz, ${$(after[1])}::uuid)`);
    return this.dataSource.query(
      `SELECT ${COLUMNS}, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
         ${FROM} WHERE ${where.join(' AND ')} ORDER BY p.created_at, p.id LIMIT ${$(limit + 1)}`,
      params,
    );
  }

  /** How many proposals match the filter (every page together). */
  async count(filter: ProposalFilterDto): Promise<number> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n ${FROM} WHERE ${this.where(filter, $).join(' AND ')}`,
      params,
    );
    return rows[0].n;
  }

  private where(filter: ProposalFilterDto, $: (v: unknown) => string): string[] {
    const where = ['TRUE'];
    if (filter.status) where.push(`p.status = ${$(filter.status)}`);
    if (filter.kind) where.push(`p.kind = ${$(filter.kind)}`);
    if (filter.organisationId) where.push(`p.organisation_id = ${$(filter.organisationId)}`);
    if (filter.country) where.push(`p.country_code = ${$(filter.country)}`);
    if (filter.minAgeDays !== undefined)
      where.push(`p.created_at <= now() - make_interval(days => ${$(filter.minAgeDays)})`);
    if (filter.submittedAfter)
      where.push(`p.created_at >= ${$(filter.submittedAfter)}::timestamptz`);
    if (filter.submittedBefore)
      where.push(`p.created_at < ${$(filter.submittedBefore)}::timestamptz`);
    return where;
  }

  async markReviewed(
    manager: EntityManager,
    id: string,
    review: {
      status: 'accepted' | 'rejected';
      reviewerMemberId: string | null;
      reviewedBy: string;
      note: string | null;
      result: object | null;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE proposals SET status = $2, reviewed_at = now(), reviewer_member_id = $3, reviewed_by = $4,
                            review_note = $5, result = $6::jsonb
        WHERE id = $1`,
      [
        id,
        review.status,
        review.reviewerMemberId,
        review.reviewedBy,
        review.note,
        review.result === null ? null : JSON.stringify(review.result),
      ],
    );
  }

  /** The target's current version and the country of its incident (a person: of their latest case). */
  async target(
    type: ProposalTarget,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ version: number; countryCode: string | null } | undefined> {
    const country = {
      case: `(SELECT i.country_code::text FROM incidents i WHERE i.id = t.incident_id)`,
      incident: `t.country_code::text`,
      person: `(SELECT i.country_code::text FROM cases c JOIN incidents i ON i.id = c.incident_id
                 WHERE c.person_id = t.id ORDER BY i.sort_date DESC, c.id LIMIT 1)`,
    }[type];
    const rows: { version: number; countryCode: string | null }[] = await manager.query(
      `SELECT t.version, ${country} AS "countryCode" FROM ${TABLES[type]} t WHERE t.id = $1`,
      [id],
    );
    return rows[0];
  }

  async incidentCountry(incidentId: string): Promise<string | null | undefined> {
    const rows: { countryCode: string }[] = await this.dataSource.query(
      `SELECT country_code::text AS "countryCode" FROM incidents WHERE id = $1`,
      [incidentId],
    );
    return rows[0]?.countryCode;
  }
}
