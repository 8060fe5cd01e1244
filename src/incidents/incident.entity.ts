import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Context, DatePrecision } from './incident.enums.js';

/** One event (a killing, an attack, an arrest) with one or more victims. */
@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'date', nullable: true })
  dateStart: string | null;

  @Column({ type: 'date', nullable: true })
  dateEnd: string | null;

  @Column('text')
  datePrecision: DatePrecision;

  /** Country where it happened, as it was on that date. */
  @Column({ type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Column({ type: 'text', nullable: true })
  context: Context | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true })
  sourceLinks: string[];

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
