import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ArgsType, Field, ID } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { InvalidInput } from '../errors/domain-error.js';

/** A record's id: the REST path parameter and the GraphQL argument. */
@ArgsType()
export class IdParam {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/**
 * A GraphQL ID argument that must be a UUID, checked before any query so that a malformed id is a
 * 400 naming the argument rather than a database error.
 */
export const UuidArg = (name: string) =>
  Args(
    name,
    { type: () => ID },
    new ParseUUIDPipe({
      exceptionFactory: () => InvalidInput.field(name, `${name} must be a UUID`),
    }),
  );
