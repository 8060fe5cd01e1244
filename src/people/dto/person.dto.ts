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
  @ApiProperty({ format: 'uuid', description: 'Person id' })
  id: string;

  @Field()
  @ApiProperty({ example: 'Gerardo Ortega', description: 'Full name as written in the source' })
  fullName: string;

  @Field(() => GenderEnum)
  @ApiProperty({ enum: GENDERS, description: 'Gender as reported' })
  gender: string;

  @Field(() => RoleEnum)
  @ApiProperty({
    enum: ROLES,
    description: 'Journalist, media worker or social-media producer engaged in journalism',
  })
  role: string;
}

@ObjectType('Person', {
  description: 'A journalist, media worker or social-media producer engaged in journalism',
})
export class PersonDto extends PersonSummaryDto {
  @Field(() => String, { nullable: true })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Transliteration into Latin script, where the name is written in another',
  })
  transliteratedName: string | null;

  @Field(() => [String], { description: 'ISO alpha-2 codes, primary first' })
  @ApiProperty({
    type: [String],
    example: ['PH'],
    description: 'Nationalities, ISO 3166-1 alpha-2, primary first',
  })
  nationalities: string[];

  @Field(() => EmploymentEnum)
  @ApiProperty({ enum: EMPLOYMENTS, description: 'Staff, freelance or unknown' })
  employment: string;

  @Field(() => [MediaTypeEnum])
  @ApiProperty({ enum: MEDIA_TYPES, isArray: true, description: 'Media the person worked in' })
  mediaTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'Outlets the person worked for' })
  outlets: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'Beats (coverage topics)' })
  beats: string[];

  @Field(() => Int, { description: 'Increases with every change' })
  @ApiProperty({ example: 1, description: 'Increases with every change' })
  version: number;

  @Field()
  @ApiProperty({ description: 'When the person was recorded' })
  createdAt: Date;

  @Field()
  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: Date;
}
