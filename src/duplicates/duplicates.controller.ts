import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { DuplicatePairDto, DuplicatePairPageDto } from './dto/duplicate.dto.js';
import { DuplicatePairInput, ListDuplicatesQuery } from './dto/duplicate.input.js';
import { DuplicatesService } from './duplicates.service.js';
import { CaseMergeDto, MergeCasesInput, UndoCaseMergeInput } from './dto/case-merge.dto.js';
import { MergesService } from './merges.service.js';

@ApiTags('duplicates')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('duplicates')
export class DuplicatesController {
  constructor(
    private readonly duplicates: DuplicatesService,
    private readonly merges: MergesService,
  ) {}

  @Get()
  @ReviewerAccess()
  @ApiOperation({
    summary: 'Pairs of cases that may be one killing, highest score first, with their reasons',
  })
  @ApiOkResponse({ type: DuplicatePairPageDto })
  list(@Query() query: ListDuplicatesQuery): Promise<DuplicatePairPageDto> {
    return this.duplicates.list(query);
  }

  @Post('not-the-same')
  @ReviewerAccess()
  @ApiOperation({
    summary: 'Keep two cases apart: the pair is never proposed again (audited on both cases)',
  })
  @ApiOkResponse({ type: DuplicatePairDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not a candidate pair' })
  notTheSame(
    @Body() body: DuplicatePairInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DuplicatePairDto> {
    return this.duplicates.markNotTheSame(body, actor);
  }

  @Post('merge')
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Make a candidate pair one case: the survivor takes the other’s classifications, proceedings, source identities and status history; the other id then redirects (301) to it. Audited on both cases',
  })
  @ApiCreatedResponse({ type: CaseMergeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not a candidate pair' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'A case is merged or retracted already, or both hold a classification by the same monitor or a record of the same source',
  })
  merge(
    @Body() body: MergeCasesInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseMergeDto> {
    return this.merges.merge(body, actor);
  }

  @Post('undo-merge')
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Undo a merge named by its audit entry: both cases as they were, the pair back to its earlier decision',
  })
  @ApiCreatedResponse({ type: CaseMergeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not the audit entry of a merge' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Undone already, or merged further' })
  undoMerge(
    @Body() body: UndoCaseMergeInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseMergeDto> {
    return this.merges.undo(body, actor);
  }
}
