import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('AttackType', {
  description: 'A node of the attack-type tree, with its mapping to other monitors’ categories',
})
export class AttackTypeDto {
  @Field()
  @ApiProperty({ example: 'murder' })
  code: string;

  @Field(() => String, {
    nullable: true,
    description: 'Parent in the tree; filters on a parent match its children',
  })
  @ApiProperty({ type: String, nullable: true, example: 'killing' })
  parentCode: string | null;

  @Field()
  @ApiProperty({ example: 'Murder (targeted, in reprisal for work)' })
  label: string;

  @Field(() => String, { nullable: true, description: 'Council of Europe platform category' })
  @ApiProperty({ type: String, nullable: true })
  coeCategory: string | null;

  @Field(() => String, { nullable: true, description: 'Mapping Media Freedom attack type' })
  @ApiProperty({ type: String, nullable: true })
  mfrrCategory: string | null;
}

@ObjectType('PerpetratorType')
export class PerpetratorTypeDto {
  @Field()
  @ApiProperty({ example: 'criminal_group' })
  code: string;

  @Field()
  @ApiProperty({ example: 'Criminal group' })
  label: string;
}

export class AttackTypeListDto {
  @ApiProperty({ type: [AttackTypeDto] })
  data: AttackTypeDto[];
}

export class PerpetratorTypeListDto {
  @ApiProperty({ type: [PerpetratorTypeDto] })
  data: PerpetratorTypeDto[];
}
