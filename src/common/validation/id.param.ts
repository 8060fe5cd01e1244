import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A record's id: the REST path parameter and the GraphQL argument. */
@ArgsType()
export class IdParam {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
