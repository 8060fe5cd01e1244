import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('regions')
export class Region {
  @PrimaryColumn('text')
  scheme: string;

  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;
}
