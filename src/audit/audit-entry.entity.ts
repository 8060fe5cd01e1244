import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'retract',
  'accept',
  'reject',
  'revoke',
  'remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One change to a record: who (member, organisation, key prefix), when, through which request,
 * before and after. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE); who is copied, not
 * referenced, so an entry reads the same after its member or key is removed.
 */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', insert: false, default: () => 'now()' })
  occurredAt: Date;

  @Column('text')
  actor: string;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column('text')
  entityType: string;

  @Column('uuid')
  entityId: string;

  @Column('text')
  action: AuditAction;

  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'text', nullable: true })
  memberName: string | null;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'text', nullable: true })
  organisationName: string | null;

  @Column({ type: 'text', nullable: true })
  keyPrefix: string | null;

  @Column({ type: 'text', nullable: true })
  role: string | null;

  /** Set when the change applies an accepted proposal. */
  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;
}
