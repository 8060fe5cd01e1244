import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export const REGION_SCHEME = /^[a-z0-9_]{1,40}$/;

@InputType('RegionSchemeInput')
export class RegionSchemeQuery {
  @Field({ nullable: true, description: 'Region scheme (default unesco)' })
  @ApiPropertyOptional({
    example: 'unesco',
    default: 'unesco',
    description: 'Region scheme: unesco or continent',
  })
  @IsOptional()
  @Matches(REGION_SCHEME, { message: 'scheme must be lower-case letters, digits or underscores' })
  scheme?: string;
}

@InputType('CountryFilter')
export class ListCountriesQuery extends RegionSchemeQuery {
  @Field({ nullable: true, description: 'Only countries in this region (of the chosen scheme)' })
  @ApiPropertyOptional({
    example: 'arab_states',
    description: 'Only countries in this region (of the chosen scheme)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,60}$/, { message: 'region must be a region code such as arab_states' })
  region?: string;

  @Field({
    nullable: true,
    description: 'Case- and accent-insensitive search in the name, or an exact code',
  })
  @ApiPropertyOptional({
    example: 'sudan',
    description:
      'Case- and accent-insensitive search in the name, or an exact alpha-2/alpha-3 code',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

/** An ISO alpha-2 code (letters, any case): the REST path parameter and the GraphQL argument. */
@ArgsType()
export class CountryCodeParam {
  @Field({ description: 'ISO 3166-1 alpha-2 code' })
  @ApiProperty({ example: 'PH', description: 'ISO 3166-1 alpha-2 code' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'code must be a two-letter ISO 3166-1 alpha-2 code' })
  code: string;
}
