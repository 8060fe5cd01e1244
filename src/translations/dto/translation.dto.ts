import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { TextField } from '../../common/validation/fields.js';

/** A BCP 47 language tag as written by people: a language, then optional script and region. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$/;
const TAG_MESSAGE = (field: string) =>
  `${field} must be a BCP 47 language tag such as fr, es, ar or pt-BR`;

@ObjectType('DescriptionTranslation', { description: 'A description in another language' })
export class TranslationDto {
  @Field()
  @ApiProperty({ example: 'fr', description: 'BCP 47 language tag' })
  language: string;

  @Field()
  @ApiProperty()
  description: string;

  @Field()
  @ApiProperty({ description: 'Who added or last changed it' })
  createdBy: string;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field()
  @ApiProperty()
  updatedAt: Date;
}

@ObjectType('IncidentTexts', {
  description: 'An incident’s description in its original language, with its translations',
})
export class IncidentTextsDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  incidentId: string;

  @Field(() => String, { nullable: true, description: 'Language of the original description' })
  @ApiProperty({ type: String, nullable: true, example: 'en' })
  language: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @Field(() => [TranslationDto])
  @ApiProperty({ type: [TranslationDto] })
  translations: TranslationDto[];
}

export class LanguageParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @ApiProperty({ example: 'fr' })
  @Matches(LANGUAGE_TAG, { message: TAG_MESSAGE('language') })
  language: string;
}

export class TranslationBody {
  @TextField({ description: 'The description, translated', max: 20000 })
  description: string;
}

export class DescriptionLanguageBody {
  @ApiProperty({ example: 'en', description: 'Language the original description is written in' })
  @Matches(LANGUAGE_TAG, { message: TAG_MESSAGE('language') })
  language: string;
}

@InputType('TranslateDescriptionInput')
export class TranslateDescriptionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'incidentId must be a UUID' })
  incidentId: string;

  @Field({ description: 'BCP 47 language tag of the translation' })
  @Matches(LANGUAGE_TAG, { message: TAG_MESSAGE('language') })
  language: string;

  @TextField({ description: 'The description, translated', max: 20000 })
  description: string;
}

@InputType('DescriptionLanguageInput')
export class DescriptionLanguageInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'incidentId must be a UUID' })
  incidentId: string;

  @Field({ description: 'BCP 47 language tag of the original description' })
  @Matches(LANGUAGE_TAG, { message: TAG_MESSAGE('language') })
  language: string;
}
