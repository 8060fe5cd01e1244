import { Args, ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt } from 'class-validator';
import { IdParam } from '../validation/id.param.js';

const EXPECTED_VERSION =
  'The version of the record you read (its `version` field); a stale one is refused with PRECONDITION_FAILED';

/** The GraphQL twin of If-Match: the version of the record the change was made on. Required. */
export const ExpectedVersionArg = () =>
  Args('expectedVersion', {
    type: () => Int,
    description: EXPECTED_VERSION,
  });

/** A record's id and the version the change was made on, for mutations taking whole args. */
@ArgsType()
export class VersionedIdArgs extends IdParam {
  @Field(() => Int, { description: EXPECTED_VERSION })
  @IsInt({ message: 'expectedVersion must be a whole number' })
  expectedVersion: number;
}
