import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Country } from './country.entity.js';
import { Region } from './region.entity.js';

/** A country's region in one scheme (UNESCO, continent, …). */
@Entity('country_regions')
export class CountryRegion {
  @PrimaryColumn({ type: 'char', length: 2 })
  countryCode: string;

  @PrimaryColumn('text')
  scheme: string;

  @Column('text')
  regionCode: string;

  @ManyToOne(() => Country, (country) => country.regions)
  @JoinColumn({ name: 'country_code' })
  country: Relation<Country>;

  @ManyToOne(() => Region)
  @JoinColumn([
    { name: 'scheme', referencedColumnName: 'scheme' },
    { name: 'region_code', referencedColumnName: 'code' },
  ])
  region: Relation<Region>;
}
