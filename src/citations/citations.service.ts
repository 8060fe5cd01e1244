import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ANONYMOUS } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { fieldProblems } from '../common/validation/validation.pipe.js';
import { AppConfig } from '../config/app-config.js';
import type { FigureDto } from '../statistics/dto/figure.dto.js';
import { FigureQuery, IndexQuery, RatioQuery } from '../statistics/dto/statistics.query.js';
import { AnyFigureQuery, StatisticsService } from '../statistics/statistics.service.js';
import { ReleasesService } from '../releases/releases.service.js';
import { CitationNotFound, CitedReleaseNotCurrent } from './citations.errors.js';
import { CitationRow, CitationsRepository } from './citations.repository.js';
import { CitationDto, FrozenFigureDto } from './dto/citation.dto.js';
import { CITABLE_FIGURES, CreateCitationInput } from './dto/citation.input.js';

const QUERY_TYPES: Record<(typeof CITABLE_FIGURES)[number], new () => object> = {
  killings: FigureQuery,
  unresolved_ratio: RatioQuery,
  impunity_share: FigureQuery,
  impunity_index: IndexQuery,
};

/** Ids issued before ids were the whole SHA-256 of RFC 8785 JSON; they keep resolving. */
const LEGACY_ID = /^[0-9a-f]{24}$/;
export const CITATION_ID = /^(?:[0-9a-f]{24}|[0-9a-f]{64})$/;

/**
 * What a citation's id is the hash of: the frozen figure, its query, definition and revision. A
 * named release is left out: it must hold the same revision, so it pins nothing more.
 */
export function citationContent(
  citation: Omit<CitationRow, 'id' | 'createdAt' | 'releaseVersion'>,
): object {
  return {
    figure: citation.figure,
    query: citation.query,
    definition: citation.definition,
    revision: citation.revision,
    result: citation.result,
  };
}

/**
 * The content's canonical JSON (RFC 8785, JCS): any JCS implementation writes the same bytes, so
 * anyone can check a citation's id by hashing them.
 */
export const canonicalContent = (content: object): string => canonicalize(content)!;

/** The id of a citation's content: the SHA-256 of its canonical JSON, in hexadecimal. */
export const citationId = (content: object): string =>
  createHash('sha256').update(canonicalContent(content)).digest('hex');

export const isLegacyCitationId = (id: string) => LEGACY_ID.test(id);

const delta = (live: number | null, frozen: number | null) =>
  live === null || frozen === null ? null : Math.round((live - frozen) * 10000) / 10000;

@Injectable()
export class CitationsService {
  constructor(
    private readonly citations: CitationsRepository,
    private readonly statistics: StatisticsService,
    private readonly config: AppConfig,
    private readonly releases: ReleasesService,
  ) {}

  /**
   * Freezes a public figure (never confidential data, whoever asks). The id is derived from the
   * frozen content, so anyone holding the numbers can check them against the id.
   */
  async create(input: CreateCitationInput): Promise<CitationDto> {
    const query = await this.parseQuery(input.figure, input.query ?? {});
    const figure = await this.statistics.figure(input.figure, query, ANONYMOUS, true);
    const result: FrozenFigureDto = {
      value: figure.value,
      numerator: figure.numerator,
      denominator: figure.denominator,
      unknown: figure.unknown,
      asOf: figure.asOf,
      knownAsOf: figure.knownAsOf,
      scope: figure.scope,
      // Held records only when there are any, so that a figure with none keeps the id it always had.
      groups: figure.groups.map(({ held, ...group }) => (held ? { ...group, held } : group)),
      ...(figure.held ? { held: figure.held, heldNote: figure.heldNote } : {}),
      ...(figure.heldUnplaced ? { heldUnplaced: figure.heldUnplaced } : {}),
    };
    if (input.release) {
      const release = await this.releases.find(input.release);
      if (release.revision !== figure.revision)
        throw new CitedReleaseNotCurrent(release.version, release.revision, figure.revision);
    }
    const content = {
      figure: input.figure,
      // Read back as stored (jsonb drops nothing JCS keeps), so the id can be checked later.
      query: JSON.parse(JSON.stringify(input.query ?? {})) as Record<string, unknown>,
      definition: { ...figure.definition },
      revision: figure.revision,
      result: JSON.parse(JSON.stringify(result)) as FrozenFigureDto,
      releaseVersion: input.release ?? null,
    };
    const id = citationId(citationContent(content));
    await this.citations.insert({ id, ...content });
    return this.get(id);
  }

  async get(id: string): Promise<CitationDto> {
    const row = CITATION_ID.test(id) ? await this.citations.find(id) : undefined;
    if (!row) throw new CitationNotFound(id);
    const live = await this.statistics.figure(
      row.figure as (typeof CITABLE_FIGURES)[number],
      await this.parseQuery(row.figure as (typeof CITABLE_FIGURES)[number], row.query),
      ANONYMOUS,
    );
    const release = row.releaseVersion
      ? { version: row.releaseVersion, url: this.releases.url(row.releaseVersion) }
      : await this.releases.atRevision(row.revision);
    return this.toDto(row, live, release);
  }

  private toDto(row: CitationRow, live: FigureDto, release: CitationDto['release']): CitationDto {
    const frozen = row.result as FrozenFigureDto;
    return {
      id: row.id,
      url: `${this.baseUrl()}/api/v1/citations/${row.id}`,
      figure: row.figure,
      query: row.query,
      definition: row.definition,
      revision: row.revision,
      createdAt: row.createdAt,
      release,
      frozen,
      live,
      change: {
        value: delta(live.value, frozen.value),
        numerator: delta(live.numerator, frozen.numerator),
        denominator: delta(live.denominator, frozen.denominator),
        revisionsSince: String(BigInt(live.revision) - BigInt(row.revision)),
      },
    };
  }

  private baseUrl(): string {
    return (
      this.config.publicBaseUrl ??
      `http://${this.config.host === '0.0.0.0' ? 'localhost' : this.config.host}:${this.config.port}`
    );
  }

  /** Validates a figure's query exactly as its statistics endpoint would, naming fields as query.x. */
  private async parseQuery(
    figure: (typeof CITABLE_FIGURES)[number],
    raw: Record<string, unknown>,
  ): Promise<AnyFigureQuery> {
    const query = plainToInstance(QUERY_TYPES[figure], raw);
    const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new InvalidInput(fieldProblems(errors, 'query'));
    return query as AnyFigureQuery;
  }
}
