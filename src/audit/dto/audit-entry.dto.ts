import { applyDecorators } from '@nestjs/common';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-type-json';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { AUDIT_ACTIONS } from '../audit-entry.entity.js';

const NullableText = (description: string) =>
  applyDecorators(
    Field(() => String, { nullable: true, description }),
    ApiProperty({ type: String, nullable: true, description }),
  );

@ObjectType('AuditEntry', {
  description:
    'One change to a record. The public sees the organisation, not the member or key, and no confidential value',
})
export class AuditEntryDto {
  @Field(() => ID)
  @ApiProperty({ example: '42' })
  id: string;

  @Field()
  @ApiProperty({ description: 'When the change was made' })
  occurredAt: Date;

  @Field({ description: 'Who made the change' })
  @ApiProperty({ example: 'Ana Ruiz (Foundation for Press Freedom)' })
  actor: string;

  @NullableText('The request that made the change (X-Request-Id / log correlation)')
  requestId: string | null;

  @Field({ description: 'person, incident, case, organisation, member, api_key or proposal' })
  @ApiProperty({ example: 'case' })
  entityType: string;

  @Field()
  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @Field({ description: AUDIT_ACTIONS.join(', ') })
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: string;

  @Field(() => GraphQLJSON, { nullable: true })
  @ApiProperty({ type: Object, nullable: true, description: 'The record before the change' })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  @ApiProperty({ type: Object, nullable: true, description: 'The record after the change' })
  after: unknown;

  @NullableText('Why, or what the change was part of')
  note: string | null;

  @NullableText('The member whose key made the change')
  memberId: string | null;

  @NullableText('That member’s name at the time')
  memberName: string | null;

  @NullableText('The member’s organisation')
  organisationId: string | null;

  @NullableText('That organisation’s name at the time')
  organisationName: string | null;

  @NullableText('Visible prefix of the API key used')
  keyPrefix: string | null;

  @NullableText('Role of the key: admin, reviewer or contributor')
  role: string | null;

  @NullableText('The accepted proposal this change applied')
  proposalId: string | null;
}

@ObjectType('AuditPage')
export class AuditPageDto {
  @Field(() => [AuditEntryDto])
  @ApiProperty({ type: [AuditEntryDto] })
  data: AuditEntryDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
