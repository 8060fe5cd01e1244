import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import {
  EmploymentEnum,
  EMPLOYMENTS,
  GenderEnum,
  GENDERS,
  MEDIA_TYPES,
  MediaTypeEnum,
  RoleEnum,
  ROLES,
} from '../person.enums.js';

@ObjectType('PersonSummary', { description: 'Who a case is about, in brief' })
export class PersonSummaryDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ example: 'Gerardo Ortega' })
  fullName: string;

  @Field(() => GenderEnum)
  @ApiProperty({ enum: GENDERS })
  gender: string;

  @Field(() => RoleEnum)
  @ApiProperty({ enum: ROLES })
  role: string;
}

@ObjectType('Person', {
  description: 'A journalist, media worker or social-media producer engaged in journalism',
})
export class PersonDto extends PersonSummaryDto {
  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  transliteratedName: string | null;

  @Field(() => [String], { description: 'ISO alpha-2 codes, primary first' })
  @ApiProperty({ type: [String], example: ['PH'] })
  nationalities: string[];

  @Field(() => EmploymentEnum)
  @ApiProperty({ enum: EMPLOYMENTS })
  employment: string;

  @Field(() => [MediaTypeEnum])
  @ApiProperty({ enum: MEDIA_TYPES, isArray: true })
  mediaTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  outlets: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  beats: string[];

  @Field(() => Int, { description: 'Increases with every change' })
  @ApiProperty({ example: 1 })
  version: number;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field()
  @ApiProperty()
  updatedAt: Date;
}
