import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_LIMIT } from './cursor.js';

/** GraphQL paging arguments of every list: `first` (page size) and `after` (a cursor). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size (default 50, at most ${MAX_LIMIT})` })
  @IsOptional()
  @IsInt({ message: 'first must be a whole number' })
  @Min(1)
  @Max(MAX_LIMIT)
  first?: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}
