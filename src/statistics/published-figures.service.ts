import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import type { FigureName } from './definitions.js';
import type { PublishedFigureDto } from './dto/figure.dto.js';
import type { PublishedFigureInput } from './dto/published-figure.input.js';
import { PublishedFiguresRepository } from './published-figures.repository.js';
import type { AnyFigureQuery } from './statistics.service.js';

/** Figures published by UNESCO, CPJ and others: recorded, listed, and read beside live figures. */
@Injectable()
export class PublishedFiguresService {
  constructor(
    private readonly published: PublishedFiguresRepository,
    private readonly cases: CasesService,
  ) {}

  list(figure?: string): Promise<PublishedFigureDto[]> {
    return this.published.publishedFigures(figure);
  }

  async add(input: PublishedFigureInput): Promise<PublishedFigureDto> {
    await this.cases.validateFilter({
      country: input.country ?? undefined,
      region: input.region ?? undefined,
    });
    new Problems()
      .check(input.publishedOn <= todayIso(), 'publishedOn', 'must not be in the future')
      .check(!(input.country && input.region), 'region', 'give a country or a region, not both')
      .check(
        input.yearFrom == null || input.yearTo == null || input.yearFrom <= input.yearTo,
        'yearTo',
        'must not be before yearFrom',
      )
      .throwIfAny();
    return this.published.addPublishedFigure({
      ...input,
      period: input.period ?? null,
      datePrecision: input.datePrecision ?? 'day',
      definition: input.definition ?? null,
      url: input.url ?? null,
      country: input.country ?? null,
      region: input.region ?? null,
      yearFrom: input.yearFrom ?? null,
      yearTo: input.yearTo ?? null,
      scheme: input.scheme ?? null,
    });
  }

  /** The published figures of the same scope as a live figure (see list). */
  beside(
    name: FigureName,
    query: AnyFigureQuery,
    manager: EntityManager,
  ): Promise<PublishedFigureDto[]> {
    const liveScheme: Record<FigureName, string | null> = {
      killings: query.includedBy ?? query.monitor ?? null,
      unresolved_ratio: (query.scope ?? 'unesco') === 'unesco' ? 'unesco' : null,
      impunity_share: 'cpj',
      impunity_index: 'cpj',
      monitor_disagreements: null,
      response_rate: null,
    };
    const years =
      query.dateFrom || query.dateTo
        ? ('other' as const)
        : query.yearFrom !== undefined || query.yearTo !== undefined
          ? { from: query.yearFrom ?? null, to: query.yearTo ?? null }
          : null;
    const unescoRegion = !query.regionScheme || query.regionScheme === 'unesco';
    return this.published.publishedFigures(
      name,
      {
        country: query.country ?? null,
        region: query.region ? (unescoRegion ? query.region : 'other-scheme') : null,
        scheme: liveScheme[name],
        years,
      },
      manager,
    );
  }
}
