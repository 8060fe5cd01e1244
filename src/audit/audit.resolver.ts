import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { AuditService } from './audit.service.js';
import { AuditPageDto } from './dto/audit-entry.dto.js';
import { AuditFilterDto } from './dto/audit.query.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @ReviewerAccess()
  @Query(() => AuditPageDto, { description: 'The audit trail, newest first, a page at a time' })
  auditLog(
    @CurrentPrincipal() viewer: Principal,
    @Args('filter', { type: () => AuditFilterDto, nullable: true }) filter?: AuditFilterDto,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Page size (default 50, at most 200)',
    })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('withTotal', {
      type: () => Boolean,
      nullable: true,
      description: 'Also count every matching row (pageInfo.total)',
    })
    withTotal?: boolean,
  ): Promise<AuditPageDto> {
    return this.audit.list({ ...filter, limit: first, cursor: after, withTotal }, viewer);
  }
}
