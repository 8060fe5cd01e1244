import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { CasesService } from '../cases/cases.service.js';
import { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import { ANONYMOUS } from '../common/auth/principal.js';
import { CountriesService } from '../countries/countries.service.js';
import { DgRequestsService } from '../dg-requests/dg-requests.service.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { PeopleService } from '../people/people.service.js';
import type { FigureDto, PublishedFigureDto } from '../statistics/dto/figure.dto.js';
import { AnyFigureQuery, StatisticsService } from '../statistics/statistics.service.js';
import { StatusesService } from '../statuses/statuses.service.js';
import { TaxonomyRepository } from '../taxonomy/taxonomy.repository.js';
import { TranslationsService } from '../translations/translations.service.js';
import { figureChart } from './charts/figure-chart.js';
import type { Locale } from './i18n/locale.js';

/** A published figure, and the live value of the same scope when this service computes one. */
export interface PublishedBeside {
  published: PublishedFigureDto;
  live: {
    figure: FigureDto['figure'];
    value: number | null;
    unit: 'count' | 'ratio' | 'per_million';
    asOf: string;
    revision: string;
    /** The figure builder's parameters for the same figure. */
    params: Record<string, string>;
  } | null;
}

/**
 * The live figure of a published figure's scope: its country and years (for the impunity index,
 * CPJ's window ending 31 August of the last year), counted by the same scheme. Null for figures
 * this service does not compute or a scheme the live figure does not count by.
 */
function liveQuery(p: PublishedFigureDto): {
  figure: 'killings' | 'unresolved_ratio' | 'impunity_share' | 'impunity_index';
  query: AnyFigureQuery;
  params: Record<string, string>;
} | null {
  const country = p.country!;
  const years: Record<string, number> = {};
  if (p.yearFrom !== null) years.yearFrom = p.yearFrom;
  if (p.yearTo !== null) years.yearTo = p.yearTo;
  const params = (query: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
  switch (p.figure) {
    case 'killings':
    case 'impunity_share':
    case 'unresolved_ratio': {
      const scheme =
        p.figure === 'unresolved_ratio' ? 'unesco' : p.figure === 'impunity_share' ? 'cpj' : null;
      if (p.scheme && scheme && p.scheme !== scheme) return null;
      const query = { country, ...years };
      return { figure: p.figure, query: query as AnyFigureQuery, params: params(query) };
    }
    case 'impunity_index': {
      if (p.scheme === 'unesco') return null;
      const window: Record<string, string | number> = {};
      if (p.yearTo !== null) {
        window.windowEnd = `${p.yearTo}-08-31`;
        if (p.yearFrom !== null) window.windowYears = Math.max(1, p.yearTo - p.yearFrom);
      }
      const query = { country, minimum: 1, ...window };
      return { figure: 'impunity_index', query: query as AnyFigureQuery, params: params(query) };
    }
    default:
      return null;
  }
}

/** Cases per page on the search page and on a country profile. */
export const CASES_PER_PAGE = 25;

/**
 * Gathers what each reading page shows, from the same services the API uses and always as the
 * anonymous caller, so a page can never show what the public API would not.
 */
@Injectable()
export class SitePagesService {
  constructor(
    private readonly cases: CasesService,
    private readonly people: PeopleService,
    private readonly incidents: IncidentsService,
    private readonly statuses: StatusesService,
    private readonly dg: DgRequestsService,
    private readonly audit: AuditService,
    private readonly countries: CountriesService,
    private readonly statistics: StatisticsService,
    private readonly taxonomy: TaxonomyRepository,
    private readonly translations: TranslationsService,
  ) {}

  /** The search page: one page of cases for the list's filters, with the choices of the form. */
  async caseSearch(query: ListCasesQuery) {
    const [page, countries, attackTypes] = await Promise.all([
      this.cases.list(
        { ...query, limit: query.limit ?? CASES_PER_PAGE, withTotal: true },
        ANONYMOUS,
      ),
      this.countries.list({}),
      this.taxonomy.attackTypes(),
    ]);
    return { page, countries: countries.data, attackTypes, query };
  }

  /** Everything public about one case. */
  async casePage(id: string) {
    const found = await this.cases.get(id, ANONYMOUS);
    const [person, incident, history, now, proceedings, cycles, changes, translations] =
      await Promise.all([
        this.people.get(found.personId),
        this.incidents.get(found.incidentId, ANONYMOUS),
        this.statuses.history(id, undefined, ANONYMOUS),
        Promise.all([
          this.statuses.statusesOf([id], { scheme: 'unesco' }, false),
          this.statuses.statusesOf([id], { scheme: 'cpj' }, false),
        ]),
        this.statuses.proceedings(id),
        this.dg.caseHistory(id, ANONYMOUS),
        this.audit.historyOf('case', id, ANONYMOUS),
        this.translations.ofIncident(found.incidentId),
      ]);
    return {
      case: found,
      person,
      incident,
      statusNow: { unesco: now[0][0], cpj: now[1][0] },
      timeline: {
        unesco: history.filter((e) => e.scheme === 'unesco'),
        cpj: history.filter((e) => e.scheme === 'cpj'),
      },
      proceedings,
      cycles,
      changes,
      translations,
    };
  }

  /** A country's profile: its figures, its cases and its answers to UNESCO. */
  async countryPage(code: string, locale: Locale) {
    const country = await this.countries.get(code.toUpperCase());
    const filter = { country: country.code };
    const [killings, unresolved, index, own, cases, answers, published] = await Promise.all([
      this.statistics.figure('killings', { ...filter, groupBy: ['year'] }, ANONYMOUS),
      this.statistics.figure('unresolved_ratio', filter, ANONYMOUS),
      this.statistics.figure('impunity_index', {}, ANONYMOUS),
      // The country's own count in the window, whether or not it reaches the ranking threshold.
      this.statistics.figure('impunity_index', { ...filter, minimum: 1 }, ANONYMOUS),
      this.cases.list(
        { ...filter, limit: CASES_PER_PAGE, withTotal: true, sort: '-date' },
        ANONYMOUS,
      ),
      this.dg.stateHistory(country.code, ANONYMOUS),
      this.publishedFor(country.code),
    ]);
    const rank = index.groups.findIndex((g) => g.key.country === country.code);
    return {
      country,
      killings,
      killingsChart: await figureChart(
        killings,
        locale,
        locale.t('country.killings', { name: locale.country(country.code, country.name) }),
      ),
      unresolved,
      index: {
        figure: index,
        rank: rank >= 0 ? rank + 1 : null,
        ranked: index.groups.length,
        group: rank >= 0 ? index.groups[rank] : null,
        murders: own.groups[0]?.numerator ?? 0,
        minimum: Number(index.scope.minimum),
      },
      cases,
      answers,
      published,
    };
  }

  /**
   * The figures others published for one country (UNESCO's, CPJ's…), each beside the live figure
   * of the same scope (country, years, scheme) when it is one this service computes.
   */
  private async publishedFor(code: string): Promise<PublishedBeside[]> {
    const published = (await this.statistics.publishedFigures()).filter((p) => p.country === code);
    return Promise.all(
      published.map(async (p) => {
        const live = liveQuery(p);
        if (!live) return { published: p, live: null };
        const figure = await this.statistics.figure(live.figure, live.query, ANONYMOUS);
        return {
          published: p,
          live: {
            figure: live.figure,
            // The index ranks countries: the country's own group holds its value.
            value:
              live.figure === 'impunity_index' ? (figure.groups[0]?.value ?? null) : figure.value,
            unit:
              live.figure === 'killings'
                ? 'count'
                : live.figure === 'impunity_index'
                  ? 'per_million'
                  : 'ratio',
            asOf: figure.asOf,
            revision: figure.revision,
            params: live.params,
          },
        };
      }),
    );
  }

  /** The latest cycle whose requests were sent, else the latest cycle. */
  async latestRequestYear(): Promise<number> {
    const cycles = await this.dg.cycles();
    const sent = cycles.filter((c) => c.sentCount > 0).map((c) => c.year);
    const years = sent.length ? sent : cycles.map((c) => c.year);
    return years.length ? Math.max(...years) : new Date().getUTCFullYear();
  }

  /** One cycle of UNESCO's requests: who was asked, who answered, response rates by region. */
  async requestsPage(year: number) {
    const [cycle, cycles] = await Promise.all([this.dg.cycle(year), this.dg.cycles()]);
    const [requests, rates] = await Promise.all([
      this.dg.requests(year, ANONYMOUS),
      this.dg.responseRates(year),
    ]);
    return {
      cycle,
      years: cycles.map((c) => c.year),
      requests: requests.filter((r) => r.status !== 'draft'),
      rates,
    };
  }
}
