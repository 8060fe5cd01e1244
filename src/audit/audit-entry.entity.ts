import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | 'retract';

/** One change to a record: who, when, through which request, before and after. Append-only. */
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
}
