import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Condemnation, Monitor, Motive } from './case.enums.js';

/** What one monitoring body says about a case; kept side by side with the others, never merged. */
@Entity('monitor_classifications')
export class MonitorClassification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @Column('text')
  monitor: Monitor;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column('boolean')
  included: boolean;

  @Column({ type: 'text', nullable: true })
  motive: Motive | null;

  @Column({ type: 'text', nullable: true })
  typeOfDeath: string | null;

  @Column({ type: 'text', nullable: true })
  condemnation: Condemnation | null;

  @Column({ type: 'date', nullable: true })
  recordedDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
