import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import { DgRequestsService } from '../dg-requests/dg-requests.service.js';
import { ResponseRatesDto } from '../dg-requests/dto/dg.dto.js';
import { knownInstant } from '../statuses/status-sql.js';
import { etagMatches } from './conditional-reply.js';
import { DEFINITIONS, FigureName } from './definitions.js';
import { withHeldRecords } from './figure-held.js';
import { compactFigure, figureDimensions } from './figure-table.js';
import {
  CompactFigureDto,
  FigureDto,
  FigureGroupDto,
  PublishedFigureDto,
} from './dto/figure.dto.js';
import {
  Dimension,
  FigureQuery,
  IndexQuery,
  RatioQuery,
  ShapeOption,
} from './dto/statistics.query.js';
import type { GroupRow, Moment } from './figure-sql.js';
import { HeldInFiguresRepository } from './held-in-figures.repository.js';
import { PublishedFiguresService } from './published-figures.service.js';
import { StatisticsRepository } from './statistics.repository.js';

export type AnyFigureQuery = FigureQuery & RatioQuery & IndexQuery;

/** The answer to a conditional GET: not modified, or a figure with its validator. */
export type Conditional<T> =
  { notModified: true; etag: string } | { notModified: false; etag: string; body: T };

const ratio = (numerator: number, denominator: number | null) =>
  denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null;

/** Keys of an object with undefined values dropped and sorted, so equal queries look equal. */
function canonical(query: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

@Injectable()
export class StatisticsService {
  /** Figures by revision, query and audience; a new revision makes old entries unreachable. */
  private readonly cache = new LRUCache<string, FigureDto>({ max: 2000 });

  constructor(
    private readonly statistics: StatisticsRepository,
    private readonly published: PublishedFiguresService,
    private readonly heldRecords: HeldInFiguresRepository,
    private readonly cases: CasesService,
    private readonly dg: DgRequestsService,
  ) {}

  /**
   * Serves a figure for a conditional GET, in the shape asked: the ETag depends only on the
   * revision, the query, the shape and the audience, so a matching If-None-Match is answered
   * without computing anything, and a figure already computed at this revision is not computed
   * again (unless `fresh`).
   */
  async conditional(
    name: FigureName,
    { shape, ...query }: AnyFigureQuery & ShapeOption,
    viewer: Principal,
    ifNoneMatch: string | undefined,
    fresh = false,
  ): Promise<Conditional<FigureDto | CompactFigureDto>> {
    const key = `${this.cacheKey(name, query, viewer)}${shape === 'compact' ? '|compact' : ''}`;
    const tagFor = (revision: string) =>
      `"${revision}-${createHash('sha256').update(key).digest('base64url').slice(0, 16)}"`;
    const revision = await this.statistics.currentRevision();
    const etag = tagFor(revision);
    if (!fresh && etagMatches(ifNoneMatch, etag)) return { notModified: true, etag };
    // The body may come from a replica a revision behind: its validator names its own revision.
    const body = await this.figure(name, query, viewer, fresh, revision);
    return {
      notModified: false,
      etag: tagFor(body.revision),
      body: shape === 'compact' ? compactFigure(body) : body,
    };
  }

  /** A figure, from the cache when it was computed at the current revision (read unless given). */
  async figure(
    name: FigureName,
    query: AnyFigureQuery,
    viewer: Principal,
    fresh = false,
    currentRevision?: string,
  ): Promise<FigureDto> {
    const key = this.cacheKey(name, query, viewer);
    const revision = currentRevision ?? (await this.statistics.currentRevision());
    const cached = fresh ? undefined : this.cache.get(`${revision}|${key}`);
    // A cached query passed validation when it was computed, and stays valid (its dates only age),
    // so the hot path skips the reference look-ups validation makes.
    if (cached) return cached;
    await this.validate(name, query);
    const figure = await this.statistics.snapshot(async (manager, snapshotRevision) =>
      this.withHeld(
        await this.compute(name, query, viewer, manager, snapshotRevision),
        query,
        viewer,
        manager,
      ),
    );
    this.cache.set(`${figure.revision}|${key}`, figure);
    return figure;
  }

  private cacheKey(name: FigureName, query: AnyFigureQuery, viewer: Principal): string {
    return JSON.stringify([
      name,
      canonical(query),
      canSeeConfidential(viewer) ? 'confidential' : 'public',
    ]);
  }

  private async validate(name: FigureName, query: AnyFigureQuery): Promise<void> {
    await this.cases.validateFilter(query);
    const problems = new Problems();
    if (name === 'impunity_index') {
      if (query.windowEnd)
        problems.check(query.windowEnd <= todayIso(), 'windowEnd', 'must not be in the future');
    } else {
      problems.check(
        !(query as { windowEnd?: string }).windowEnd,
        'windowEnd',
        'only applies to impunity_index',
      );
    }
    problems.throwIfAny();
  }

  private moment(query: AnyFigureQuery, viewer: Principal): Moment {
    return {
      asOf: query.asOf ?? todayIso(),
      known: knownInstant(query.knownAsOf),
      confidential: canSeeConfidential(viewer),
    };
  }

  private async compute(
    name: FigureName,
    query: AnyFigureQuery,
    viewer: Principal,
    manager: EntityManager,
    revision: string,
  ): Promise<FigureDto> {
    const moment = this.moment(query, viewer);
    const dimensions: Dimension[] =
      query.groupBy ?? (name === 'monitor_disagreements' ? ['country', 'year'] : []);
    const { groupBy: _g, ...filters } = query;
    const envelope = (
      rows: GroupRow[],
      asRatio: boolean,
      scope: Record<string, unknown>,
    ): FigureDto => {
      const total = rows.find((r) => r.total) ?? {
        numerator: 0,
        denominator: asRatio ? 0 : null,
        unknown: 0,
        key: {},
        total: true,
      };
      const toGroup = (r: GroupRow): FigureGroupDto => ({
        key: r.key,
        value: asRatio ? ratio(r.numerator, r.denominator) : r.numerator,
        numerator: r.numerator,
        denominator: r.denominator,
        unknown: r.unknown,
        held: 0,
        note: asRatio && !r.denominator ? 'no case in this group' : null,
      });
      return {
        figure: name,
        definition: DEFINITIONS[name],
        ...toGroup(total),
        scope: canonical({
          ...filters,
          ...scope,
          groupBy: dimensions.length ? dimensions : undefined,
        }),
        asOf: moment.asOf,
        knownAsOf: query.knownAsOf ?? null,
        revision,
        groups: dimensions.length ? rows.filter((r) => !r.total).map(toGroup) : [],
        published: [],
        held: 0,
        heldUnplaced: 0,
        heldNote: null,
      } as FigureDto;
    };
    switch (name) {
      case 'killings':
        return {
          ...envelope(
            await this.statistics.killings(manager, filters, moment, dimensions),
            false,
            {},
          ),
          published: await this.published.beside(name, query, manager),
        };
      case 'unresolved_ratio': {
        const scope = query.scope ?? 'unesco';
        const figure = envelope(
          await this.statistics.unresolvedRatio(
            manager,
            filters,
            moment,
            dimensions,
            scope === 'unesco',
          ),
          true,
          { scope },
        );
        return { ...figure, published: await this.published.beside(name, query, manager) };
      }
      case 'impunity_share':
        return {
          ...envelope(
            await this.statistics.impunityShare(manager, filters, moment, dimensions),
            true,
            {},
          ),
          published: await this.published.beside(name, query, manager),
        };
      case 'impunity_index':
        return this.impunityIndex(manager, query, moment, revision);
      case 'monitor_disagreements':
        return {
          ...envelope(
            await this.statistics.disagreements(manager, filters, moment, dimensions),
            true,
            {},
          ),
          published: await this.published.beside(name, query, manager),
        };
      default:
        throw new Error(`figure ${name} is not computed here`);
    }
  }

  /**
   * A figure with the imported records held for a reviewer that may fall in its scope: they are
   * no cases yet, so the value leaves them out, and the figure says so, per group where it can.
   */
  private async withHeld(
    figure: FigureDto,
    query: AnyFigureQuery,
    viewer: Principal,
    manager: EntityManager,
  ): Promise<FigureDto> {
    const {
      groupBy: _g,
      windowEnd: _w,
      windowYears: _y,
      minimum: _m,
      populationYear: _p,
      ...filters
    } = query;
    const dimensions = figureDimensions(figure) as Dimension[];
    // The figure's own bounds, as far as a held record can answer them: UNESCO's ratio counts
    // killings since 2006, CPJ's figures murders, the index those of its window.
    const scope = figure.scope as { windowFrom?: string; windowTo?: string };
    const latest = (a: string | undefined, b: string) => (a && a > b ? a : b);
    const bounds: Partial<Record<FigureName, Partial<AnyFigureQuery>>> = {
      unresolved_ratio: { dateFrom: latest(filters.dateFrom, '2006-01-01') },
      impunity_index: {
        dateFrom: latest(filters.dateFrom, scope.windowFrom ?? ''),
        dateTo:
          filters.dateTo && filters.dateTo < scope.windowTo! ? filters.dateTo : scope.windowTo,
      },
    };
    const held = await this.heldRecords.heldInScope(
      manager,
      { ...filters, ...bounds[figure.figure as FigureName] },
      this.moment(query, viewer),
      dimensions,
      ['impunity_share', 'impunity_index'].includes(figure.figure),
    );
    // The index ranks some countries only: a country it does not rank gets no group for its held.
    return withHeldRecords(figure, held, dimensions, {
      asRatio: figure.figure !== 'killings',
      addGroups: figure.figure !== 'impunity_index',
    });
  }

  /** CPJ's window: the ten years to the last 31 August on or before the reference date. */
  static defaultWindowEnd(reference: string): string {
    const year = Number(reference.slice(0, 4));
    return reference >= `${year}-08-31` ? `${year}-08-31` : `${year - 1}-08-31`;
  }

  /**
   * First day of the window of `years` years ending on `to`: the day after the same date `years`
   * earlier, where 29 February falls back to the 28th (a window ending 29 February 2020 starts on
   * 1 March 2010, not the 2nd).
   */
  static windowStart(to: string, years: number): string {
    const [year, month, day] = to.split('-').map(Number);
    const lastDay = new Date(Date.UTC(year - years, month, 0)).getUTCDate();
    const same = Date.UTC(year - years, month - 1, Math.min(day, lastDay));
    return new Date(same + 86_400_000).toISOString().slice(0, 10);
  }

  private async impunityIndex(
    manager: EntityManager,
    query: AnyFigureQuery,
    moment: Moment,
    revision: string,
  ): Promise<FigureDto> {
    const to = query.windowEnd ?? StatisticsService.defaultWindowEnd(moment.asOf);
    const years = query.windowYears ?? 10;
    const from = StatisticsService.windowStart(to, years);
    const minimum = query.minimum ?? 5;
    const populationYear =
      query.populationYear ??
      (await this.statistics.latestPopulationYear(manager, Number(to.slice(0, 4)))) ??
      Number(to.slice(0, 4));
    const { windowEnd: _w, windowYears: _y, minimum: _m, populationYear: _p, ...filters } = query;
    const rows = await this.statistics.impunityByCountry(
      manager,
      filters,
      moment,
      { from, to },
      populationYear,
    );
    const ranked = rows.filter((r) => r.murders >= minimum);
    const groups: FigureGroupDto[] = ranked
      .map((r) => {
        const millions = r.population === null ? null : r.population / 1_000_000;
        return {
          key: { country: r.country },
          value: millions ? Math.round((r.murders / millions) * 1000) / 1000 : null,
          numerator: r.murders,
          denominator: millions === null ? null : Math.round(millions * 1000) / 1000,
          unknown: 0,
          held: 0,
          note:
            r.population === null
              ? `no World Bank population for ${r.country} in ${populationYear}`
              : null,
        };
      })
      .sort(
        (a, b) =>
          (b.value ?? -1) - (a.value ?? -1) ||
          String(a.key.country).localeCompare(String(b.key.country)),
      );
    return {
      figure: 'impunity_index',
      definition: DEFINITIONS.impunity_index,
      value: null,
      numerator: rows.reduce((sum, r) => sum + r.murders, 0),
      denominator: null,
      unknown: groups.filter((g) => g.value === null).length,
      scope: canonical({
        ...filters,
        windowFrom: from,
        windowTo: to,
        windowYears: years,
        minimum,
        populationYear,
      }),
      asOf: moment.asOf,
      knownAsOf: query.knownAsOf ?? null,
      revision,
      groups,
      published: await this.published.beside('impunity_index', query, manager),
      held: 0,
      heldUnplaced: 0,
      heldNote: null,
    };
  }

  /** Published figures of a name (all without one); see PublishedFiguresService. */
  publishedFigures(figure?: string): Promise<PublishedFigureDto[]> {
    return this.published.list(figure);
  }

  responseRates(year: number | undefined): Promise<ResponseRatesDto[]> {
    return year === undefined
      ? this.dg
          .cycles()
          .then((cycles) =>
            Promise.all(
              cycles.filter((c) => c.sentCount > 0).map((c) => this.dg.responseRates(c.year)),
            ),
          )
      : this.dg.responseRates(year).then((r) => [r]);
  }
}
