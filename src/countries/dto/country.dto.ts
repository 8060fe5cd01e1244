import { DateScalar } from '../../common/time/instants.js';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('Region', {
  description: 'A region in one classification scheme (UNESCO, continent, …)',
})
export class RegionDto {
  @Field({ description: 'Classification scheme, e.g. unesco or continent' })
  @ApiProperty({
    example: 'unesco',
    description: 'Classification scheme, e.g. unesco or continent',
  })
  scheme: string;

  @Field({ description: 'Region code, unique within its scheme' })
  @ApiProperty({ example: 'latin_america_caribbean' })
  code: string;

  @Field()
  @ApiProperty({ example: 'Latin America and the Caribbean' })
  name: string;
}

@ObjectType('RegionWithCount', { description: 'A region with the number of countries in it' })
export class RegionWithCountDto extends RegionDto {
  @Field(() => Int)
  @ApiProperty({ example: 33 })
  countryCount: number;
}

@ObjectType('Country', {
  description: 'A country or territory (ISO 3166-1), or a former state (ISO 3166-3)',
})
export class CountryDto {
  @Field({ description: 'ISO 3166-1 alpha-2 code (XK for Kosovo, user-assigned)' })
  @ApiProperty({
    example: 'PH',
    description: 'ISO 3166-1 alpha-2 code (XK for Kosovo, user-assigned)',
  })
  code: string;

  @Field({ description: 'ISO 3166-1 alpha-3 code' })
  @ApiProperty({ example: 'PHL' })
  alpha3: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 numeric code' })
  @ApiProperty({ example: '608', nullable: true, type: String })
  numericCode: string | null;

  @Field()
  @ApiProperty({ example: 'Philippines' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'Code used by World Bank data (alpha-3, XKX for Kosovo)',
  })
  @ApiProperty({
    example: 'PHL',
    nullable: true,
    type: String,
    description: 'Code used by World Bank data (alpha-3, XKX for Kosovo)',
  })
  worldBankCode: string | null;

  @Field({ description: 'official, user_assigned or historical' })
  @ApiProperty({ enum: ['official', 'user_assigned', 'historical'] })
  status: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day the state existed, where it matters for dating cases',
  })
  @ApiProperty({ nullable: true, type: String, format: 'date', example: null })
  validFrom: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of a former state' })
  @ApiProperty({ nullable: true, type: String, format: 'date', example: null })
  validTo: string | null;

  @Field(() => RegionDto, { nullable: true, description: 'UNESCO region' })
  @ApiProperty({ type: RegionDto, nullable: true, description: 'UNESCO region' })
  unescoRegion: RegionDto | null;

  @Field(() => [RegionDto], { description: 'The country’s region in every scheme' })
  @ApiProperty({ type: [RegionDto] })
  regions: RegionDto[];
}

@ObjectType('CountryList')
export class CountryListDto {
  @Field(() => [CountryDto])
  @ApiProperty({ type: [CountryDto] })
  data: CountryDto[];

  @Field(() => Int, { description: 'Number of countries matching the filters' })
  @ApiProperty({ example: 253 })
  total: number;
}

@ObjectType('RegionList')
export class RegionListDto {
  @Field(() => [RegionWithCountDto])
  @ApiProperty({ type: [RegionWithCountDto] })
  data: RegionWithCountDto[];
}
