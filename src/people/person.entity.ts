import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Employment, Gender, MediaType, Role } from './person.enums.js';

/** A journalist, media worker or social-media producer engaged in journalism. */
@Entity('people')
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  fullName: string;

  @Column({ type: 'text', nullable: true })
  transliteratedName: string | null;

  @Column('text')
  gender: Gender;

  /** ISO alpha-2 codes, primary nationality first. */
  @Column({ type: 'char', length: 2, array: true })
  nationalities: string[];

  @Column('text')
  role: Role;

  @Column('text')
  employment: Employment;

  @Column({ type: 'text', array: true })
  mediaTypes: MediaType[];

  @Column({ type: 'text', array: true })
  outlets: string[];

  @Column({ type: 'text', array: true })
  beats: string[];

  /** Increases with every change (services bump it explicitly, also for changes to child rows). */
  @Column('int', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
