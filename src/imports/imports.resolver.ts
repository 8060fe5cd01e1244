import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { pageLimit } from '../common/pagination/cursor.js';
import { UuidArg } from '../common/validation/id.param.js';
import { HeldRecordPageDto, ResolvedHeldRecordDto } from './dto/held-record.dto.js';
import { SourceNameEnum } from './dto/held-records.query.js';
import { ImportJobDto, ImportQuery, ImportRejectDto } from './dto/import.query.js';
import { ResolveHeldRecordInput } from './dto/resolve-held-record.input.js';
import { HeldRecordsService } from './held-records.service.js';
import type { SourceName } from './import-record.js';
import { ImportsService } from './imports.service.js';

/** The file's text that a GraphQL request can carry; larger files go to POST /api/v1/imports. */
const TEXT_LIMIT = 5 * 1024 * 1024;
/** Rejects listed on a job at most; all of them are in its rejects CSV. */
const MAX_REJECTS = 1000;

/**
 * Imports through GraphQL, for reviewers and administrators: the same jobs as POST /api/v1/imports
 * (there the file is the request body; here its text is an argument), their rejects, and the
 * records they held for a reviewer. Exports are files, served by GET /api/v1/exports/…; the same
 * cases page through `cases`.
 */
@Resolver(() => ImportJobDto)
export class ImportsResolver {
  constructor(
    private readonly imports: ImportsService,
    private readonly held: HeldRecordsService,
  ) {}

  @ReviewerAccess()
  @Mutation(() => ImportJobDto, {
    description: `Import a file given as text (UTF-8, at most ${TEXT_LIMIT / 1024 / 1024} MiB) as a job; with wait: true the answer comes when it has finished, otherwise poll importJob. Files with bytes that are not UTF-8, or larger, go to POST /api/v1/imports`,
  })
  importFile(
    @Args('options') options: ImportQuery,
    @Args('content', { description: 'The file’s text: CSV, NDJSON or a JSON array' })
    content: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ImportJobDto> {
    if (Buffer.byteLength(content) > TEXT_LIMIT)
      throw InvalidInput.field(
        'content',
        `is larger than ${TEXT_LIMIT / 1024 / 1024} MiB: send the file to POST /api/v1/imports`,
      );
    return this.imports.startText(content, options, actor);
  }

  @ReviewerAccess()
  @Query(() => ImportJobDto, { description: 'An import job: state, progress and summary' })
  importJob(@UuidArg('id') id: string): Promise<ImportJobDto> {
    return this.imports.jobDto(id);
  }

  @ResolveField(() => [ImportRejectDto], {
    description: `The rows the import refused, in file order (the first ${MAX_REJECTS} at most; rejectsUrl has them all as CSV)`,
  })
  async rejects(
    @Parent() job: ImportJobDto,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: `How many (default 100, at most ${MAX_REJECTS})`,
    })
    first?: number,
  ): Promise<ImportRejectDto[]> {
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REJECTS)
      throw InvalidInput.field('first', `must be a whole number from 1 to ${MAX_REJECTS}`);
    const rejects = await this.imports.rejects(job.id);
    return rejects.slice(0, limit).map(({ row, field, reason }) => ({ row, field, reason }));
  }

  @ReviewerAccess()
  @Query(() => HeldRecordPageDto, {
    description:
      'Imported records waiting for a reviewer, oldest first: why each is held and the countries its label may mean',
  })
  heldImportRecords(
    @Args('source', { type: () => SourceNameEnum, nullable: true }) source?: SourceName,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Page size (default 50, at most 200)',
    })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<HeldRecordPageDto> {
    return this.held.list({ source, limit: pageLimit(first, 'first'), cursor: after });
  }

  @ReviewerAccess()
  @Mutation(() => ResolvedHeldRecordDto, {
    description:
      'Settle a held record’s country: its case is created as the import would have, and audited',
  })
  resolveHeldImportRecord(
    @Args('input') input: ResolveHeldRecordInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ResolvedHeldRecordDto> {
    return this.held.resolve(input, actor);
  }
}
