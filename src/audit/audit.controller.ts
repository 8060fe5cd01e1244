import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { AuditService } from './audit.service.js';
import { AuditPageDto } from './dto/audit-entry.dto.js';
import { AuditQuery } from './dto/audit.query.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'The audit trail, newest first: who (member, organisation, key prefix), when, through which request, before and after',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: AuditQuery, @CurrentPrincipal() viewer: Principal): Promise<AuditPageDto> {
    return this.audit.list(query, viewer);
  }
}
