import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { disagreementSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { holdingOneConnection } from '../database/connection-guard.js';
import type { Dimension } from './dto/statistics.query.js';
import {
  casesFromSql,
  GroupRow,
  groupingSql,
  groupRows,
  Moment,
  parameter,
  scopeSql,
  statusCtesSql,
} from './figure-sql.js';

export type { GroupRow, Moment } from './figure-sql.js';

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

  /** Killings counted per person (distinct people), grouped. */
  async killings(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[],
  ): Promise<GroupRow[]> {
    const params: unknown[] = [];
    const g = groupingSql(dimensions);
    const where = scopeSql(filter, moment, params, [`c.outcome = 'killed'`]);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.person_id ${g.selects}
           FROM ${casesFromSql(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where})
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              count(DISTINCT person_id) AS numerator, NULL::bigint AS denominator,
              count(DISTINCT person_id) FILTER (WHERE ${g.anyUnknown}) AS unknown
         FROM scoped GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return groupRows(raw, dimensions);
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
    const g = groupingSql(dimensions);
    const where = scopeSql(filter, moment, params);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.id ${g.selects},
                (SELECT count(DISTINCT mc.monitor) FROM monitor_classifications mc WHERE mc.case_id = c.id) AS monitors,
                ${disagreementSql('any')} AS disagree
           FROM ${casesFromSql(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where})
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              ${g.cases} FILTER (WHERE disagree) AS numerator,
              ${g.cases} FILTER (WHERE monitors >= 2) AS denominator,
              ${g.cases} FILTER (WHERE monitors < 2) AS unknown
         FROM scoped GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return groupRows(raw, dimensions);
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
    const g = groupingSql(dimensions);
    const where = scopeSql(filter, moment, params, extra);
    const ctes = statusCtesSql(scheme, moment, params);
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH scoped AS (
         SELECT c.id ${g.selects}
           FROM ${casesFromSql(where, g.selects, g.joins)} ${g.joins}
          WHERE ${where}),
       ${ctes}
       SELECT ${g.keys ? `${g.keys},` : ''} ${g.keys ? `GROUPING(${g.keys}) <> 0` : 'true'} AS total,
              ${g.cases} FILTER (WHERE ${counts.numerator}) AS numerator,
              ${g.cases} FILTER (WHERE ${counts.denominator}) AS denominator,
              ${g.cases} FILTER (WHERE ${counts.unknown}) AS unknown
         FROM statused GROUP BY ${g.sets} ORDER BY ${g.keys ? `${g.keys} NULLS LAST` : '1'}`,
      params,
    );
    return groupRows(raw, dimensions);
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
    const $ = parameter(params);
    const where = scopeSql(filter, moment, params, [
      `c.outcome = 'killed'`,
      `EXISTS (SELECT 1 FROM incident_attack_types m WHERE m.incident_id = i.id AND m.attack_type_code = 'murder')`,
      `i.date_start BETWEEN ${$(window.from)}::date AND ${$(window.to)}::date`,
      `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE mc.case_id = c.id AND mc.monitor = 'cpj' AND mc.included AND mc.motive = 'confirmed')`,
    ]);
    const ctes = statusCtesSql('cpj', moment, params);
    const raw: { country: string; murders: string; population: string | null }[] =
      await manager.query(
        `WITH scoped AS (
         SELECT c.id, i.country_code AS country FROM ${casesFromSql(where)}
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

  async latestPopulationYear(manager: EntityManager, notAfter: number): Promise<number | null> {
    const rows: { year: number | null }[] = await manager.query(
      `SELECT max(year) AS year FROM population WHERE year <= $1 AND country_code IS NOT NULL`,
      [notAfter],
    );
    return rows[0].year;
  }
}
