import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { caseFilterSql, disagreementSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { holdingOneConnection } from '../database/connection-guard.js';
import type { PublishedFigureDto } from './dto/figure.dto.js';
import type { Dimension } from './dto/statistics.query.js';

/** A single-valued dimension is a column expression; a multi-valued one joins rows in. */
const DIMENSION_SQL: Record<Dimension, { select: string; join?: string }> = {
  year: { select: `extract(year FROM i.date_start)::int` },
  country: { select: `i.country_code::text` },
  region: {
    select: `(SELECT cr.region_code FROM country_regions cr WHERE cr.country_code = i.country_code AND cr.scheme = 'unesco')`,
  },
  gender: { select: `nullif(p.gender, 'unknown')` },
  role: { select: `p.role` },
  employment: { select: `nullif(p.employment, 'unknown')` },
  local_foreign: { select: `nullif(c.local_foreign, 'unknown')` },
  context: { select: `i.context` },
  media_type: {
    select: `mt.media_type`,
    join: `LEFT JOIN LATERAL unnest(p.media_types) AS mt(media_type) ON true`,
  },
  attack_type: {
    select: `iat.attack_type_code`,
    join: `LEFT JOIN incident_attack_types iat ON iat.incident_id = i.id`,
  },
  perpetrator_type: {
    select: `ipt.perpetrator_type_code`,
    join: `LEFT JOIN incident_perpetrator_types ipt ON ipt.incident_id = i.id`,
  },
};

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

export interface Moment {
  asOf: string;
  /** An instant, or null for "as known now". */
  known: string | null;
  /** Whether confidential (unpublished) status entries count. */
  confidential: boolean;
}

export interface GroupRow {
  key: Record<string, string | number | null>;
  numerator: number;
  denominator: number | null;
  unknown: number;
  /** True for the row over the whole scope. */
  total: boolean;
}

/**
 * The SQL behind every figure. Each query selects the cases in scope once (the case-list filters,
 * then existence as known at the moment), attaches the dimensions, and aggregates with GROUPING
 * SETS so the groups and the total come from one statement.
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs figure queries in one read-only snapshot, together with the revision they reflect. */
  snapshot<T>(work: (manager: EntityManager, revision: string) => Promise<T>): Promise<T> {
    // Every query of the figure goes through `manager`: a second connection taken while this one
    // is held would deadlock a full pool (holdingOneConnection refuses it).
    return holdingOneConnection(() => this.inSnapshot(work));
  }

  private async inSnapshot<T>(
    work: (manager: EntityManager, revision: string) => Promise<T>,
  ): Promise<T> {
    // Figures are read-only: with DATABASE_REPLICA_URLS they run on a replica (else the primary).
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      await runner.startTransaction('REPEATABLE READ');
      // A figure is a read: back to the connection's read timeout from the write timeout that
      // every transaction starts with.
      await runner.query('SET TRANSACTION READ ONLY; SET LOCAL statement_timeout TO DEFAULT');
      const result = await work(runner.manager, await this.revision(runner.manager));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The read under way, and the one queued behind it (see currentRevision). */
  private revisionRead?: Promise<string>;
  private nextRevisionRead?: Promise<string>;

  /**
   * The revision, read by one statement shared among concurrent callers: a caller joins a read
   * that starts after it asked (never one already under way, which might miss a write the caller
   * has seen committed), so a busy server reads the revision once per round trip, not per request.
   */
  currentRevision(): Promise<string> {
    if (!this.revisionRead) return this.startRevisionRead();
    this.nextRevisionRead ??= this.revisionRead.then(
      () => this.queuedRevisionRead(),
      () => this.queuedRevisionRead(),
    );
    return this.nextRevisionRead;
  }

  private queuedRevisionRead(): Promise<string> {
    this.nextRevisionRead = undefined;
    return this.startRevisionRead();
  }

  private startRevisionRead(): Promise<string> {
    const read = this.revision().finally(() => {
      if (this.revisionRead === read) this.revisionRead = undefined;
    });
    this.revisionRead = read;
    return read;
  }

  async revision(manager: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: { revision: string }[] = await manager.query(
      `SELECT revision::text FROM dataset_revision`,
    );
    return rows[0].revision;
  }

  /**
   * Cases in scope: the case-list filters, not retracted, incidents up to asOf (unknown dates
   * included). knownAsOf concerns judicial statuses (their recorded_at), not the cases themselves.
   */
  private scope(
    filter: CaseFilterDto,
    moment: Moment,
    params: unknown[],
    extra: string[] = [],
  ): string {
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
    const where = [
      caseFilterSql({ ...filter, includeRetracted: false }, params, moment.confidential),
    ];
    where.push(`(i.date_start IS NULL OR i.date_start <= ${$(moment.asOf)}::date)`);
    return [...where, ...extra].join(' AND ');
  }

  private grouping(dimensions: Dimension[]): {
    selects: string;
    joins: string;
    keys: string;
    sets: string;
    anyUnknown: string;
    /** How to count cases: a multi-valued dimension can repeat a case, so count distinct ids. */
    cases: string;
  } {
    const selects = dimensions.map((d) => `${DIMENSION_SQL[d].select} AS ${d}`).join(', ');
    const joins = dimensions.map((d) => DIMENSION_SQL[d].join ?? '').join(' ');
    const keys = dimensions.join(', ');
    return {
      selects: selects ? `, ${selects}` : '',
      joins,
      keys,
      sets: dimensions.length ? `GROUPING SETS ((${keys}), ())` : `()`,
      anyUnknown: dimensions.length ? dimensions.map((d) => `${d} IS NULL`).join(' OR ') : 'false',
      cases: dimensions.some((d) => DIMENSION_SQL[d].join) ? 'count(DISTINCT id)' : 'count(*)',
    };
  }

  /**
   * Cases with their incidents, and their people when the query reads a person's field (every case
   * has exactly one person, so the join changes no count; leaving it out saves a scan of people).
   */
  private from(...sql: string[]): string {
    const people = sql.some((part) => /\bp\./.test(part))
      ? ' JOIN people p ON p.id = c.person_id'
      : '';
    return `cases c JOIN incidents i ON i.id = c.incident_id${people}`;
  }

  private rows(raw: Record<string, unknown>[], dimensions: Dimension[]): GroupRow[] {
    return raw.map((r) => ({
      key: Object.fromEntries(dimensions.map((d) => [d, (r[d] as string | number | null) ?? null])),
      numerator: Number(r.numerator),
      denominator:
        r.denominator === null || r.denominator === undefined ? null : Number(r.denominator),
      unknown: Number(r.unknown),
      total: Boolean(r.total),
    }));
  }

  /** Killings counted per person (distinct people), grouped. */
  async killings(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
  ): Promise<GroupRow[]> {
    const params: unknown[] = [];
    const g = this.grouping(dimensions);
    const where = this.scope(filter, moment, params, [`c.outcome = 'killed'`]);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.person_id ${g.selects}
           FROM ${this.from(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where})
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              count(DISTINCT person_id) AS numerator, NULL::bigint AS denominator,
              count(DISTINCT person_id) FILTER (WHERE ${g.anyUnknown}) AS unknown
         FROM scoped GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return this.rows(raw, dimensions);
  }

  /**
   * Status of each scoped case in a scheme on asOf as known at `known`, with the same rule as
   * case_status_at(). As known now, it is the case's period in case_status_periods covering asOf
   * (one index or hash probe per case); as known at an earlier instant, it is computed from the
   * history set-based: the latest visible entry not superseded by a visible correction, and for
   * UNESCO no_information until the state has reported, found in one pass over the entries.
   */
  private statusCtes(scheme: 'unesco' | 'cpj', moment: Moment, params: unknown[]): string {
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
    const asOf = `${$(moment.asOf)}::date`;
    const noEntry = scheme === 'unesco' ? `'no_information'` : 'NULL';
    if (!moment.known) {
      return `
      statused AS (
        SELECT s.*, coalesce(p.status, ${noEntry}) AS status
          FROM scoped s LEFT JOIN case_status_periods p
            ON p.case_id = s.id AND p.scheme = '${scheme}' AND p.confidential = ${moment.confidential}
           AND p.valid_from <= ${asOf} AND (p.valid_to IS NULL OR p.valid_to > ${asOf}))`;
    }
    const known = `${$(moment.known)}::timestamptz`;
    const visible = (alias: string) => (moment.confidential ? 'true' : `NOT ${alias}.confidential`);
    const status =
      scheme === 'unesco'
        ? `CASE WHEN h.reported THEN coalesce(h.status, 'no_information') ELSE 'no_information' END`
        : `h.status`;
    return `
      history AS (
        SELECT se.case_id,
               (array_agg(se.status ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC) FILTER (
                  WHERE NOT EXISTS (SELECT 1 FROM status_entries x WHERE x.supersedes_id = se.id AND x.recorded_at <= ${known} AND ${visible('x')})
               ))[1] AS status,
               bool_or(se.reported_by = 'state') AS reported
          FROM status_entries se
         WHERE se.case_id IN (SELECT id FROM scoped) AND se.scheme = '${scheme}'
           AND se.effective_date <= ${asOf} AND se.recorded_at <= ${known} AND ${visible('se')}
         GROUP BY se.case_id),
      statused AS (SELECT s.*, ${status} AS status FROM scoped s LEFT JOIN history h ON h.case_id = s.id)`;
  }

  /** Unresolved ratio (UNESCO scheme): not resolved over all in scope; unknown = no_information. */
  async unresolvedRatio(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
    condemnedOnly: boolean,
  ): Promise<GroupRow[]> {
    const extra = [`c.outcome = 'killed'`, `i.date_start >= DATE '2006-01-01'`];
    if (condemnedOnly) {
      extra.push(
        `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE mc.case_id = c.id AND mc.monitor = 'unesco' AND mc.included AND mc.condemnation = 'condemned')`,
      );
    }
    return this.statusFigure(manager, 'unesco', filter, moment, dimensions, extra, {
      numerator: `status <> 'resolved'`,
      denominator: 'true',
      unknown: `status = 'no_information'`,
    });
  }

  /** CPJ impunity share: complete impunity over murders with a CPJ status; unknown = no CPJ status. */
  async impunityShare(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
  ): Promise<GroupRow[]> {
    const murders = [
      `c.outcome = 'killed'`,
      `EXISTS (SELECT 1 FROM incident_attack_types m WHERE m.incident_id = i.id AND m.attack_type_code = 'murder')`,
    ];
    return this.statusFigure(manager, 'cpj', filter, moment, dimensions, murders, {
      numerator: `status = 'complete_impunity'`,
      denominator: 'status IS NOT NULL',
      unknown: 'status IS NULL',
    });
  }

  /**
   * Cases in scope on which monitors disagree (numerator), over those classified by at least two
   * monitors (denominator); cases classified by fewer are unknown.
   */
  async disagreements(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
  ): Promise<GroupRow[]> {
    const params: unknown[] = [];
    const g = this.grouping(dimensions);
    const where = this.scope(filter, moment, params);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.id ${g.selects},
                (SELECT count(DISTINCT mc.monitor) FROM monitor_classifications mc WHERE mc.case_id = c.id) AS monitors,
                ${disagreementSql('any')} AS disagree
           FROM ${this.from(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where})
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              ${g.cases} FILTER (WHERE disagree) AS numerator,
              ${g.cases} FILTER (WHERE monitors >= 2) AS denominator,
              ${g.cases} FILTER (WHERE monitors < 2) AS unknown
         FROM scoped GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return this.rows(raw, dimensions);
  }

  /**
   * A figure over the cases in scope (the filter, plus `extra` conditions) and their status in a
   * scheme: numerator, denominator and unknown count the cases meeting each condition, per group
   * and in total.
   */
  private async statusFigure(
    manager: EntityManager,
    scheme: 'unesco' | 'cpj',
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
    extra: string[],
    counts: { numerator: string; denominator: string; unknown: string },
  ): Promise<GroupRow[]> {
    const params: unknown[] = [];
    const g = this.grouping(dimensions);
    const where = this.scope(filter, moment, params, extra);
    const ctes = this.statusCtes(scheme, moment, params);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.id ${g.selects}
           FROM ${this.from(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where}),
       ${ctes}
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              ${g.cases} FILTER (WHERE ${counts.numerator}) AS numerator,
              ${g.cases} FILTER (WHERE ${counts.denominator}) AS denominator,
              ${g.cases} FILTER (WHERE ${counts.unknown}) AS unknown
         FROM statused GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return this.rows(raw, dimensions);
  }

  /**
   * Per country: murders with complete impunity in the window, and the population of the year.
   * As CPJ's index: only murders CPJ classifies as in relation to the work (motive confirmed).
   */
  async impunityByCountry(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    window: { from: string; to: string },
    populationYear: number,
  ): Promise<{ country: string; murders: number; population: number | null }[]> {
    const params: unknown[] = [];
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
    const where = this.scope(filter, moment, params, [
      `c.outcome = 'killed'`,
      `EXISTS (SELECT 1 FROM incident_attack_types m WHERE m.incident_id = i.id AND m.attack_type_code = 'murder')`,
      `i.date_start BETWEEN ${$(window.from)}::date AND ${$(window.to)}::date`,
      `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE mc.case_id = c.id AND mc.monitor = 'cpj' AND mc.included AND mc.motive = 'confirmed')`,
    ]);
    const ctes = this.statusCtes('cpj', moment, params);
    const raw: { country: string; murders: string; population: string | null }[] =
      await manager.query(
        `WITH scoped AS (
         SELECT c.id, i.country_code AS country FROM ${this.from(where)}
          WHERE ${where}),
       ${ctes}
       SELECT s.country, count(*) AS murders, pop.value AS population
         FROM statused s LEFT JOIN population pop ON pop.country_code = s.country AND pop.year = ${$(populationYear)}
        WHERE s.status = 'complete_impunity'
        GROUP BY s.country, pop.value ORDER BY s.country`,
        params,
      );
    return raw.map((r) => ({
      country: r.country,
      murders: Number(r.murders),
      population: r.population === null ? null : Number(r.population),
    }));
  }

  /**
   * Imported records held for a reviewer (no case yet) that may fall in a figure's scope, placed
   * as far as their stored record allows: outcome, dates up to asOf, and the filters a record
   * held for its country can answer (its candidate countries and their regions, year and date
   * ranges, gender, role, employment, local or foreign, context). Filters it cannot answer (a
   * status, a monitor, a text search) leave it counted: it may fall in the scope.
   */
  async heldInScope(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    outcome = 'killed',
  ): Promise<number> {
    const params: unknown[] = [];
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
    const date = `nullif(s.raw->'incident'->>'dateStart', '')::date`;
    const where = [
      `s.case_id IS NULL`,
      `s.review_state = 'needs_review'`,
      `s.raw->'case'->>'outcome' = ${$(filter.outcome ?? outcome)}`,
      `(${date} IS NULL OR ${date} <= ${$(moment.asOf)}::date)`,
    ];
    const candidates = `coalesce(ARRAY(SELECT jsonb_array_elements_text(s.raw->'candidates')), '{}')`;
    if (filter.country)
      where.push(`(cardinality(${candidates}) = 0 OR ${$(filter.country)} = ANY(${candidates}))`);
    if (filter.region)
      where.push(`(cardinality(${candidates}) = 0 OR EXISTS (SELECT 1 FROM country_regions r
        WHERE r.scheme = ${$(filter.regionScheme ?? 'unesco')} AND r.region_code = ${$(filter.region)}
          AND r.country_code = ANY(${candidates})))`);
    if (filter.yearFrom !== undefined)
      where.push(`${date} >= make_date(${$(filter.yearFrom)}::int, 1, 1)`);
    if (filter.yearTo !== undefined)
      where.push(`${date} < make_date(${$(filter.yearTo)}::int + 1, 1, 1)`);
    if (filter.dateFrom) where.push(`${date} >= ${$(filter.dateFrom)}::date`);
    if (filter.dateTo) where.push(`${date} <= ${$(filter.dateTo)}::date`);
    const fields: [keyof CaseFilterDto, string][] = [
      ['gender', `s.raw->'person'->>'gender'`],
      ['role', `s.raw->'person'->>'role'`],
      ['employment', `s.raw->'person'->>'employment'`],
      ['localForeign', `s.raw->'case'->>'localForeign'`],
      ['context', `s.raw->'incident'->>'context'`],
    ];
    for (const [name, sql] of fields)
      if (filter[name] !== undefined) where.push(`${sql} = ${$(filter[name])}`);
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM import_sources s WHERE ${where.join(' AND ')}`,
      params,
    );
    return n;
  }

  async latestPopulationYear(manager: EntityManager, notAfter: number): Promise<number | null> {
    const rows: { year: number | null }[] = await manager.query(
      `SELECT max(year) AS year FROM population WHERE year <= $1 AND country_code IS NOT NULL`,
      [notAfter],
    );
    return rows[0].year;
  }

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
    const $ = (value: unknown) => (params.push(value), `$${params.length}`);
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
