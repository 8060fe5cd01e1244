import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiBadRequestResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { DuplicatePairDto, DuplicatePairPageDto } from './dto/duplicate.dto.js';
import { DuplicatePairInput, ListDuplicatesQuery } from './dto/duplicate.input.js';
import { DuplicatesService } from './duplicates.service.js';

@ApiTags('duplicates')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('duplicates')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

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
}
