import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PublishedFigureDto } from './dto/figure.dto.js';
import { parameter } from './figure-sql.js';

/** The scope of a live figure, to find the published figures of the same scope. */
export interface PublishedScope {
  country: string | null;
  region: string | null;
  scheme: string | null;
  /** The years the live figure is limited to; null when it is not; 'other' for other bounds. */
  years: { from: number | null; to: number | null } | null | 'other';
}

const PUBLISHED_COLUMNS = `id, figure, source, value::float AS value, unit, period, to_char(published_on, 'YYYY-MM-DD') AS "publishedOn",
  date_precision AS "datePrecision", definition, url, country_code::text AS country, region,
  year_from AS "yearFrom", year_to AS "yearTo", scheme`;

/** Figures published by UNESCO, CPJ and others, kept as dated facts beside the live ones. */
@Injectable()
export class PublishedFiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Published figures of a name; with a live figure's scope, only those of the same scope: the
   * same country and region (none for a global figure), a scheme that is the live one's or none,
   * and, when the live figure is limited to years, the same years.
   */
  publishedFigures(
    figure?: string,
    scope?: PublishedScope,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PublishedFigureDto[]> {
    const params: unknown[] = [figure ?? null];
    const $ = parameter(params);
    const where = ['($1::text IS NULL OR figure = $1)'];
    if (scope) {
      where.push(`country_code IS NOT DISTINCT FROM ${$(scope.country)}::char(2)`);
      where.push(`region IS NOT DISTINCT FROM ${$(scope.region)}::text`);
      where.push(`(scheme IS NULL OR scheme = ${$(scope.scheme)}::text)`);
      if (scope.years === 'other') where.push('FALSE');
      else if (scope.years)
        where.push(
          `year_from IS NOT DISTINCT FROM ${$(scope.years.from)}::int AND year_to IS NOT DISTINCT FROM ${$(scope.years.to)}::int`,
        );
    }
    return manager.query(
      `SELECT ${PUBLISHED_COLUMNS} FROM published_figures WHERE ${where.join(' AND ')}
        ORDER BY figure, published_on, source`,
      params,
    );
  }

  async addPublishedFigure(row: Omit<PublishedFigureDto, 'id'>): Promise<PublishedFigureDto> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO published_figures (figure, source, value, unit, period, published_on, date_precision, definition, url,
                                     country_code, region, year_from, year_to, scheme)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        row.figure,
        row.source,
        row.value,
        row.unit,
        row.period,
        row.publishedOn,
        row.datePrecision,
        row.definition,
        row.url,
        row.country,
        row.region,
        row.yearFrom,
        row.yearTo,
        row.scheme,
      ],
    );
    return (
      await this.dataSource.query(
        `SELECT ${PUBLISHED_COLUMNS} FROM published_figures WHERE id = $1`,
        [id],
      )
    )[0];
  }
}
