import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { DuplicatePairInput } from './duplicate.input.js';

@InputType('MergeCasesInput')
export class MergeCasesInput extends DuplicatePairInput {
  @Field(() => ID, { description: 'The case that stays: caseId or otherCaseId' })
  @ApiProperty({ format: 'uuid', description: 'The case that stays: caseId or otherCaseId' })
  @IsUUID('all', { message: 'survivorId must be a UUID' })
  survivorId: string;
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

  @Field(() => Int, { description: 'Proceedings that moved' })
  @ApiProperty()
  proceedings: number;

  @Field(() => [String], { description: 'Source identities that moved (source:key)' })
  @ApiProperty({ type: [String], example: ['cpj:gerardo-ortega-2011'] })
  sourceIdentities: string[];

  @Field(() => [ID], { description: 'Cases merged into the absorbed one before, that moved too' })
  @ApiProperty({ type: [String] })
  cases: string[];
}
