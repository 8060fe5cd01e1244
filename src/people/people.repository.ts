import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { PersonDto } from './dto/person.dto.js';
import { Person } from './person.entity.js';

export interface PeopleFilter {
  q?: string;
  gender?: string;
  role?: string;
  nationality?: string;
  after?: [string, string];
  limit: number;
}

@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Person | null> {
    return manager.findOneBy(Person, { id });
  }

  findByIds(ids: readonly string[]): Promise<Person[]> {
    return this.dataSource.getRepository(Person).findBy({ id: In([...ids]) });
  }

  /** People as the API answers them, read as plain rows (GraphQL's loaders read many at once). */
  findDtos(ids: readonly string[]): Promise<PersonDto[]> {
    return this.dataSource.query(
      `SELECT p.id, p.full_name AS "fullName", p.gender, p.role, p.transliterated_name AS "transliteratedName",
              p.nationalities::text[] AS nationalities, p.employment, p.media_types AS "mediaTypes", p.outlets, p.beats,
              p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
         FROM people p WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** One page, sorted by name then id; `after` is the last (name, id) seen. */
  list(filter: PeopleFilter): Promise<Person[]> {
    const query = this.filtered(filter);
    if (filter.after)
      query.andWhere('(p.full_name, p.id) > (:name, :id)', {
        name: filter.after[0],
        id: filter.after[1],
      });
    return query
      .orderBy('p.full_name')
      .addOrderBy('p.id')
      .limit(filter.limit + 1)
      .getMany();
  }

  /** How many people match the filter (every page together). */
  count(filter: Omit<PeopleFilter, 'after' | 'limit'>): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: Omit<PeopleFilter, 'after' | 'limit'>) {
    const query = this.dataSource.getRepository(Person).createQueryBuilder('p');
    if (filter.gender) query.andWhere('p.gender = :gender', filter);
    if (filter.role) query.andWhere('p.role = :role', filter);
    if (filter.nationality) query.andWhere(':nationality = ANY (p.nationalities)', filter);
    if (filter.q)
      query.andWhere(
        `(p.search_text LIKE '%' || f_unaccent(lower(:q)) || '%' OR f_unaccent(lower(:q)) <% p.search_text)`,
        { q: filter.q },
      );
    return query;
  }

  countCases(id: string, manager: EntityManager): Promise<number> {
    return manager
      .query(`SELECT count(*)::int AS n FROM cases WHERE person_id = $1`, [id])
      .then((r: { n: number }[]) => r[0].n);
  }
}
