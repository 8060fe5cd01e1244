import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import {
  canonicalContent,
  citationContent,
  CitationsService,
  isLegacyCitationId,
} from '../citations/citations.service.js';
import { ANONYMOUS } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { DEFINITIONS, FigureName } from '../statistics/definitions.js';
import type { FigureDto } from '../statistics/dto/figure.dto.js';
import { FigureQuery, IndexQuery, RatioQuery } from '../statistics/dto/statistics.query.js';
import { AnyFigureQuery, StatisticsService } from '../statistics/statistics.service.js';
import { chartRows, figureChart } from './charts/figure-chart.js';
import type { Locale } from './i18n/locale.js';
import { readQuery } from './site-input.js';

export const BUILDER_FIGURES = [
  'killings',
  'unresolved_ratio',
  'impunity_share',
  'impunity_index',
] as const;
export type BuilderFigure = (typeof BUILDER_FIGURES)[number];

const QUERY_TYPES: Record<BuilderFigure, new () => object> = {
  killings: FigureQuery,
  unresolved_ratio: RatioQuery,
  impunity_share: FigureQuery,
  impunity_index: IndexQuery,
};

/** A figure chosen on the builder (or in an embed's URL): its name and its API query. */
export interface FigureChoice {
  figure: BuilderFigure;
  query: AnyFigureQuery;
  /** The query as given, for links, the CSV and the citation (the API's own parameters). */
  params: Record<string, string>;
}

/**
 * The figures pages: the headline figures, the builder, embeds and citations, computed by the
 * statistics service as the anonymous caller.
 */
@Injectable()
export class SiteFiguresService {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly citations: CitationsService,
  ) {}

  /** The figure the builder's or an embed's query string names, validated as its API endpoint would. */
  async choose(raw: Record<string, unknown>): Promise<FigureChoice> {
    const figure = (raw.figure ?? 'killings') as BuilderFigure;
    if (!BUILDER_FIGURES.includes(figure))
      throw InvalidInput.field('figure', `must be one of ${BUILDER_FIGURES.join(', ')}`);
    const query = (await readQuery(QUERY_TYPES[figure], raw, ['figure'])) as AnyFigureQuery;
    const params = Object.fromEntries(
      Object.entries(raw)
        .filter(([k, v]) => k !== 'lang' && k !== 'figure' && typeof v === 'string' && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return { figure, query, params };
  }

  figure(choice: FigureChoice): Promise<FigureDto> {
    return this.statistics.figure(choice.figure, choice.query, ANONYMOUS);
  }

  async home(locale: Locale) {
    const [unresolved, killings, impunity] = await Promise.all([
      this.statistics.figure('unresolved_ratio', {}, ANONYMOUS),
      this.statistics.figure('killings', { groupBy: ['year'] }, ANONYMOUS),
      this.statistics.figure('impunity_share', {}, ANONYMOUS),
    ]);
    return {
      unresolved,
      killings,
      impunity,
      killingsChart: await figureChart(killings, locale, locale.t('home.killings')),
    };
  }

  async builder(choice: FigureChoice, locale: Locale) {
    const figure = await this.figure(choice);
    return {
      choice,
      figure,
      chart: await figureChart(figure, locale, locale.t(`figure.${choice.figure}`)),
    };
  }

  /** The figure's table as CSV: one row per group, with its numerator, denominator and unknowns. */
  async csv(choice: FigureChoice, locale: Locale): Promise<string> {
    const figure = await this.figure(choice);
    const dimensions = Object.keys(figure.groups[0]?.key ?? {});
    const rows = figure.groups.length
      ? figure.groups.map((g) => [
          ...dimensions.map((d) => g.key[d]),
          g.value,
          g.numerator,
          g.denominator,
          g.unknown,
        ])
      : chartRows(figure, locale).map((r) => [r.value, r.numerator, r.denominator, r.unknown]);
    return stringify([
      [...dimensions, 'value', 'numerator', 'denominator', 'unknown'],
      ...rows,
      [],
      [
        `# ${figure.definition.name} ${figure.definition.version}; asOf ${figure.asOf}; revision ${figure.revision}`,
      ],
    ]);
  }

  /** Freezes the builder's figure; the citation is made public and content-addressed as in the API. */
  async cite(choice: FigureChoice): Promise<string> {
    const citation = await this.citations.create({ figure: choice.figure, query: choice.params });
    return citation.id;
  }

  async citation(id: string, locale: Locale) {
    const citation = await this.citations.get(id);
    const content = citationContent({
      figure: citation.figure,
      query: citation.query,
      definition: citation.definition,
      revision: citation.revision,
      result: citation.frozen,
    });
    const frozenFigure = { ...citation.live!, ...citation.frozen, revision: citation.revision };
    const title = locale.t(`figure.${citation.figure}`);
    return {
      citation,
      canonical: canonicalContent(content),
      legacy: isLegacyCitationId(citation.id),
      frozenChart: await figureChart(frozenFigure as FigureDto, locale, title),
    };
  }

  definitions() {
    return Object.values(DEFINITIONS);
  }

  isFigure(name: string): name is FigureName {
    return name in DEFINITIONS;
  }
}
