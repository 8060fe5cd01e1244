import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { HeldRecordPageDto, ResolvedHeldRecordDto } from './dto/held-record.dto.js';
import { HeldRecordsQuery } from './dto/held-records.query.js';
import { SettledHeldRecordsDto, SettleHeldRecordsInput } from './dto/settle-held-records.input.js';
import { ResolveHeldRecordInput } from './dto/resolve-held-record.input.js';
import { HeldRecordsService } from './held-records.service.js';

/** Imported records held until a reviewer decides (e.g. which of two countries), and the decision. */
@ApiTags('imports')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('imports/held')
export class HeldRecordsController {
  constructor(private readonly held: HeldRecordsService) {}

  @Get()
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Imported records waiting for a reviewer, oldest first: why each is held and the countries its label may mean',
  })
  @ApiOkResponse({ type: HeldRecordPageDto })
  list(@Query() query: HeldRecordsQuery): Promise<HeldRecordPageDto> {
    return this.held.list(query);
  }

  @Post('resolve')
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Settle a held record’s country: its case is created as the import would have, and audited',
  })
  @ApiCreatedResponse({ type: ResolvedHeldRecordDto, description: 'The case created' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such imported record' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The record is a case already' })
  resolve(
    @Body() input: ResolveHeldRecordInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ResolvedHeldRecordDto> {
    return this.held.resolve(input, actor);
  }

  @Post('settle')
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Settle many held records’ country at once: chosen by label, by a rule on the place (place contains Gaza → PS) and/or by a list; all or none, each case audited',
  })
  @ApiCreatedResponse({ type: SettledHeldRecordsDto, description: 'The records settled' })
  settle(
    @Body() input: SettleHeldRecordsInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SettledHeldRecordsDto> {
    return this.held.settleMany(input, actor);
  }
}
