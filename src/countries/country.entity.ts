import { Column, Entity, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import { CountryRegion } from './country-region.entity.js';

export type CountryStatus = 'official' | 'user_assigned' | 'historical';

@Entity('countries')
export class Country {
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Column({ type: 'char', length: 3 })
  alpha3: string;

  @Column({ type: 'char', length: 3, nullable: true })
  numericCode: string | null;

  @Column('text')
  name: string;

  @Column({ type: 'char', length: 3, nullable: true })
  worldBankCode: string | null;

  @Column('text')
  status: CountryStatus;

  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @OneToMany(() => CountryRegion, (membership) => membership.country)
  regions: Relation<CountryRegion[]>;
}
