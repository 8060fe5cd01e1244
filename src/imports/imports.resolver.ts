import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam } from '../common/validation/id.param.js';
import { HeldRecordPageDto, ResolvedHeldRecordDto } from './dto/held-record.dto.js';
import { SourceNameEnum } from './dto/held-records.query.js';
import { ImportFileArgs, ImportRejectsArgs } from './dto/import-graphql.args.js';
import { SettledHeldRecordsDto, SettleHeldRecordsInput } from './dto/settle-held-records.input.js';
import { ImportJobDto, ImportRejectDto } from './dto/import.query.js';
import { ResolveHeldRecordInput } from './dto/resolve-held-record.input.js';
import { HeldRecordsService } from './held-records.service.js';
import type { SourceName } from './import-record.js';
import { ImportsService } from './imports.service.js';

/**
 * Imports through GraphQL, for reviewers and administrators: the same jobs as POST /api/v1/imports
 * (there the file is the request body; here its text is an argument), their rejects, and the
 * records they held for a reviewer. Exports are files, served by GET /api/v1/exports/…; the same
 * cases page through `cases`.
 */
@Resolver()
export class ImportsResolver {
  constructor(
    private readonly imports: ImportsService,
    private readonly held: HeldRecordsService,
  ) {}

  @ReviewerAccess()
  @Mutation(() => ImportJobDto, {
    description:
      'Import a file given as text as a job; with wait: true the answer comes when it has finished, otherwise poll importJob. Files with bytes that are not UTF-8, or larger, go to POST /api/v1/imports',
  })
  importFile(
    @Args() { options, content }: ImportFileArgs,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ImportJobDto> {
    return this.imports.startText(content, options, actor);
  }

  @ReviewerAccess()
  @Query(() => ImportJobDto, { description: 'An import job: state, progress and summary' })
  importJob(@Args() { id }: IdParam): Promise<ImportJobDto> {
    return this.imports.jobDto(id);
  }

  @ReviewerAccess()
  @Query(() => [ImportRejectDto], {
    description: 'The rows an import refused, in file order (rejectsUrl has them all as CSV)',
  })
  importRejects(@Args() { jobId, first }: ImportRejectsArgs): Promise<ImportRejectDto[]> {
    return this.imports.firstRejects(jobId, first);
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
    return this.held.list({ source, limit: first, cursor: after }, 'first');
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

  @ReviewerAccess()
  @Mutation(() => SettledHeldRecordsDto, {
    description:
      'Settle many held records’ country at once (by label, a rule on the place and/or a list); all or none, each case audited',
  })
  settleHeldImportRecords(
    @Args('input') input: SettleHeldRecordsInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SettledHeldRecordsDto> {
    return this.held.settleMany(input, actor);
  }
}
