import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageCursorField, PageLimitField } from '../../common/pagination/page-fields.js';

export const PAIR_STATUSES = ['open', 'not_same', 'merged'] as const;

@ArgsType()
export class ListDuplicatesQuery {
  @Field(() => String, { nullable: true, description: 'open (default), not_same or merged' })
  @ApiProperty({ required: false, enum: PAIR_STATUSES })
  @IsOptional()
  @IsIn(PAIR_STATUSES, { message: `status must be one of: ${PAIR_STATUSES.join(', ')}` })
  status?: (typeof PAIR_STATUSES)[number];

  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;
}

@InputType('DuplicatePairInput')
export class DuplicatePairInput {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'otherCaseId must be a UUID' })
  otherCaseId: string;
}
