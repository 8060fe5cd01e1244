import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-type-json';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import {
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  PROPOSAL_TARGETS,
  ProposalKindEnum,
  ProposalStatusEnum,
  ProposalTargetEnum,
} from '../proposal.enums.js';

@ObjectType('Proposal', {
  description:
    'Something a member filed: it changes nothing until a reviewer accepts it, and is never shown to the public',
})
export class ProposalDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ProposalKindEnum)
  @ApiProperty({ enum: PROPOSAL_KINDS })
  kind: string;

  @Field(() => ProposalStatusEnum)
  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  organisationId: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  organisationName: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  memberId: string | null;

  @Field({ description: 'Who filed it' })
  @ApiProperty({ description: 'Who filed it' })
  submittedBy: string;

  @Field(() => String, { nullable: true, description: 'Country of the incident concerned' })
  @ApiProperty({ type: String, nullable: true, description: 'Country of the incident concerned' })
  countryCode: string | null;

  @Field(() => ProposalTargetEnum, { nullable: true })
  @ApiProperty({ enum: PROPOSAL_TARGETS, nullable: true, description: 'The record concerned' })
  targetType: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  targetId: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Version of the record when the proposal was filed',
  })
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Version of the record when the proposal was filed',
  })
  baseVersion: number | null;

  @Field(() => GraphQLJSON, { description: 'What is proposed, as the matching input' })
  @ApiProperty({ type: Object, description: 'What is proposed, as the matching input' })
  payload: unknown;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  evidenceLinks: string[];

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => Int, { description: 'Whole days since it was filed' })
  @ApiProperty({ description: 'Whole days since it was filed' })
  ageDays: number;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  reviewedBy: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The reviewer’s note; for a rejection, the reason',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The reviewer’s note; for a rejection, the reason',
  })
  reviewNote: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Once accepted: the records it created or changed',
  })
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Once accepted: the records it created or changed',
  })
  result: unknown;
}

@ObjectType('ProposalPage')
export class ProposalPageDto {
  @Field(() => [ProposalDto])
  @ApiProperty({ type: [ProposalDto] })
  data: ProposalDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
