import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { LocalForeign, Outcome } from './case.enums.js';

/** One person in one incident: what every figure counts. */
@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  incidentId: string;

  @Column('uuid')
  personId: string;

  @Column('text')
  outcome: Outcome;

  @Column('text')
  localForeign: LocalForeign;

  @Column({ type: 'date', nullable: true })
  dateOfDeath: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  retractionReason: string | null;

  /** The case this one was merged into (one killing recorded twice); it then answers for this one. */
  @Column({ type: 'uuid', nullable: true })
  mergedInto: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  /** Increases with every change (services bump it explicitly, also for changes to child rows). */
  @Column('int', { default: 1 })
  version: number;

  /** Confidential (see common/confidentiality): never read by public queries. */
  @Column({ type: 'text', nullable: true, select: false })
  sourceContacts: string | null;

  /** Confidential. */
  @Column({ type: 'text', nullable: true, select: false })
  witnessDetails: string | null;

  /** Confidential. */
  @Column({ type: 'text', nullable: true, select: false })
  internalNote: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
