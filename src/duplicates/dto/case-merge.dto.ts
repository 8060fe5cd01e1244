import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
import { DuplicatePairInput } from './duplicate.input.js';

const KEEP_SURVIVOR_CLASSIFICATIONS =
  'When both cases hold a classification by the same monitor, keep the survivor’s: the other stays with the absorbed case, which counts nowhere (default false: such a merge is refused with 409 merge_clash)';

@InputType('MergeCasesInput')
export class MergeCasesInput extends DuplicatePairInput {
  @Field(() => ID, { description: 'The case that stays: caseId or otherCaseId' })
  @ApiProperty({ format: 'uuid', description: 'The case that stays: caseId or otherCaseId' })
  @IsUUID('all', { message: 'survivorId must be a UUID' })
  survivorId: string;

  @Field({
    nullable: true,
    description: KEEP_SURVIVOR_CLASSIFICATIONS,
  })
  @ApiProperty({ required: false, default: false, description: KEEP_SURVIVOR_CLASSIFICATIONS })
  @IsOptional()
  @IsBoolean({ message: 'keepSurvivorClassifications must be true or false' })
  keepSurvivorClassifications?: boolean;
}

@InputType('UndoCaseMergeInput')
export class UndoCaseMergeInput {
  @Field(() => ID, { description: 'The audit entry of the merge (on either case’s history)' })
  @ApiProperty({
    example: '42',
    description: 'The audit entry of the merge (on either case’s history)',
  })
  @Matches(/^[1-9]\d{0,17}$/, { message: 'auditEntryId must be the id of an audit entry' })
  auditEntryId: string;
}

@ObjectType('CaseMerge', {
  description: 'Two cases made one (or made two again): what moved to the case that stays',
})
export class CaseMergeDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'The case that stays and answers for both' })
  survivorId: string;

  @Field(() => ID)
  @ApiProperty({
    format: 'uuid',
    description: 'The case merged into the survivor (its id redirects there)',
  })
  absorbedId: string;

  @Field({ description: 'true: merged; false: the merge was undone' })
  @ApiProperty({ description: 'true: merged; false: the merge was undone' })
  merged: boolean;

  @Field(() => ID, { description: 'The audit entry of the merge: what an undo names' })
  @ApiProperty({ example: '42', description: 'The audit entry of the merge: what an undo names' })
  auditEntryId: string;

  @Field(() => [String], { description: 'Monitors whose classifications moved' })
  @ApiProperty({ type: [String], example: ['cpj'] })
  classifications: string[];

  @Field(() => [String], {
    description:
      'Monitors whose classification stayed with the absorbed case, the survivor holding its own',
  })
  @ApiProperty({ type: [String], example: [] })
  classificationsKeptApart: string[];

  @Field(() => Int, { description: 'Proceedings that moved' })
  @ApiProperty()
  proceedings: number;

  @Field(() => [String], { description: 'Source identities that moved (source:key)' })
  @ApiProperty({ type: [String], example: ['cpj:gerardo-ortega-2011'] })
  sourceIdentities: string[];

  @Field(() => Int, {
    description:
      'UNESCO requests and state answers that named the absorbed case and now name the survivor',
  })
  @ApiProperty()
  unescoLedgerEntries: number;

  @Field({
    description:
      'Whether the absorbed case’s confidential details were added to the survivor’s (shown to reviewers only)',
  })
  @ApiProperty()
  confidentialDetailsAdded: boolean;

  @Field(() => [ID], { description: 'Cases merged into the absorbed one before, that moved too' })
  @ApiProperty({ type: [String] })
  cases: string[];
}
