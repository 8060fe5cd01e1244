import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType('AuditEntry', { description: 'One change to a record' })
export class AuditEntryDto {
  @Field(() => ID)
  @ApiProperty({ example: '42' })
  id: string;

  @Field()
  @ApiProperty()
  occurredAt: Date;

  @Field({ description: 'Who made the change' })
  @ApiProperty({ example: 'bootstrap-admin' })
  actor: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @Field()
  @ApiProperty({ example: 'case' })
  entityType: string;

  @Field()
  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @Field({ description: 'create, update, delete or retract' })
  @ApiProperty({ enum: ['create', 'update', 'delete', 'retract'] })
  action: string;

  @Field(() => GraphQLJSON, { nullable: true })
  @ApiProperty({ type: Object, nullable: true })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  @ApiProperty({ type: Object, nullable: true })
  after: unknown;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}
