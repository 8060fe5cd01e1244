import { InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { EnumField, TextField, UuidField } from '../../common/validation/fields.js';
import { graphqlEnum } from '../../common/validation/fields.js';
import { INSTANT } from '../../statuses/dto/status.input.js';
import { AUDIT_ACTIONS } from '../audit-entry.entity.js';
import type { AuditAction } from '../audit-entry.entity.js';
import {
  PageCursorField,
  PageLimitField,
  WithTotalField,
} from '../../common/pagination/page-fields.js';

export const AUDITED_ENTITIES = [
  'person',
  'incident',
  'case',
  'classification',
  'organisation',
  'member',
  'api_key',
  'proposal',
] as const;
const AuditActionEnum = graphqlEnum(AUDIT_ACTIONS, 'AuditAction', 'What a change did');
const AuditedEntityEnum = graphqlEnum(AUDITED_ENTITIES, 'AuditedEntity', 'What was changed');

/** Filters of the audit trail; all combine (AND). */
@InputType('AuditFilter')
export class AuditFilterDto {
  @EnumField(AUDITED_ENTITIES, AuditedEntityEnum, {
    description: 'Only changes to this kind of record',
    optional: true,
  })
  entityType?: (typeof AUDITED_ENTITIES)[number];

  @UuidField({ description: 'Only changes to this record', optional: true })
  entityId?: string;

  @EnumField(AUDIT_ACTIONS, AuditActionEnum, { description: 'Only this action', optional: true })
  action?: AuditAction;

  @UuidField({ description: 'Only changes by members of this organisation', optional: true })
  organisationId?: string;

  @UuidField({ description: 'Only changes by this member', optional: true })
  memberId?: string;

  @TextField({
    description: 'Only changes made with this key (its visible prefix)',
    optional: true,
    max: 20,
    example: 'itk_1a2b3c4d',
  })
  keyPrefix?: string;

  @UuidField({ description: 'Only changes applying this accepted proposal', optional: true })
  proposalId?: string;

  @TextField({ description: 'Only changes made by this request', optional: true, max: 200 })
  requestId?: string;

  @TextField({
    description: 'From this date or instant (inclusive)',
    optional: true,
    max: 40,
    example: '2024-01-01',
  })
  @Matches(INSTANT, { message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 instant' })
  from?: string;

  @TextField({
    description: 'Before this date or instant (exclusive)',
    optional: true,
    max: 40,
    example: '2025-01-01',
  })
  @Matches(INSTANT, { message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 instant' })
  to?: string;
}

export class AuditQuery extends AuditFilterDto {
  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;

  @WithTotalField()
  withTotal?: boolean;
}
