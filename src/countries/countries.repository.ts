import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Country } from './country.entity.js';
import type { CountryDto } from './dto/country.dto.js';

export interface CountryFilter {
  scheme: string;
  region?: string;
  q?: string;
}

/** The regions of country `co`, one per scheme. */
const REGIONS = `
  SELECT cr.scheme, cr.region_code AS code, r.name FROM country_regions cr
    JOIN regions r ON r.scheme = cr.scheme AND r.code = cr.region_code
   WHERE cr.country_code = co.code`;

/** Queries about countries and regions. */
@Injectable()
export class CountriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private withRegions(manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(Country)
      .createQueryBuilder('country')
      .leftJoinAndSelect('country.regions', 'membership')
      .leftJoinAndSelect('membership.region', 'region')
      .orderBy('country.code')
      .addOrderBy('membership.scheme');
  }

  async list(filter: CountryFilter): Promise<Country[]> {
    const query = this.withRegions();
    if (filter.region) {
      query.andWhere(
        `country.code IN (SELECT country_code FROM country_regions WHERE scheme = :scheme AND region_code = :region)`,
        filter,
      );
    }
    if (filter.q) {
      // Names are matched without regard to case or accents; codes exactly.
      query.andWhere(
        `(unaccent(lower(country.name)) LIKE '%' || unaccent(lower(:pattern)) || '%'
          OR country.code = upper(:q) OR country.alpha3 = upper(:q))`,
        { q: filter.q, pattern: filter.q.replace(/[%_\\]/g, (c) => `\\${c}`) },
      );
    }
    return query.getMany();
  }

  findByCode(
    code: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Country | null> {
    return this.withRegions(manager).where('country.code = :code', { code }).getOne();
  }

  findByCodes(
    codes: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Country[]> {
    return this.withRegions(manager).where('country.code IN (:...codes)', { codes }).getMany();
  }

  /**
   * Countries as the API answers them (toCountryDto's shape), read as plain rows: GraphQL's
   * loaders read them for every incident of a page.
   */
  findDtos(codes: readonly string[]): Promise<CountryDto[]> {
    return this.dataSource.query(
      `SELECT co.code, co.alpha3, co.numeric_code AS "numericCode", co.name, co.world_bank_code AS "worldBankCode",
              co.status, to_char(co.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(co.valid_to, 'YYYY-MM-DD') AS "validTo",
              (SELECT row_to_json(x) FROM (${REGIONS} AND cr.scheme = 'unesco') x) AS "unescoRegion",
              coalesce((SELECT json_agg(x ORDER BY x.scheme) FROM (${REGIONS}) x), '[]') AS regions
         FROM countries co WHERE co.code = ANY($1::text[])`,
      [codes],
    );
  }

  async schemeExists(scheme: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM regions WHERE scheme = $1 LIMIT 1`,
      [scheme],
    );
    return rows.length > 0;
  }

  async regionExists(scheme: string, region: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM regions WHERE scheme = $1 AND code = $2`,
      [scheme, region],
    );
    return rows.length > 0;
  }

  /** Regions of one scheme (or all), with how many countries each holds. */
  async regions(
    scheme?: string,
  ): Promise<{ scheme: string; code: string; name: string; countryCount: number }[]> {
    const rows: { scheme: string; code: string; name: string; country_count: string }[] =
      await this.dataSource.query(
        `SELECT r.scheme, r.code, r.name, count(cr.country_code) AS country_count
         FROM regions r
         LEFT JOIN country_regions cr ON cr.scheme = r.scheme AND cr.region_code = r.code
        WHERE $1::text IS NULL OR r.scheme = $1
        GROUP BY r.scheme, r.code, r.name
        ORDER BY r.scheme, r.name`,
        [scheme ?? null],
      );
    return rows.map((r) => ({
      scheme: r.scheme,
      code: r.code,
      name: r.name,
      countryCount: Number(r.country_count),
    }));
  }
}
