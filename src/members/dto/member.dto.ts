import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/auth/principal.js';
import { ORGANISATION_KINDS, OrganisationKindEnum, RoleEnum } from '../member.enums.js';

@ObjectType('Organisation', {
  description: 'A member organisation (IFEX/IFJ member, monitor, UNESCO office…)',
})
export class OrganisationDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ example: 'Foundation for Press Freedom' })
  name: string;

  @Field(() => OrganisationKindEnum)
  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind: string;

  @Field(() => Int, { description: 'Members not removed' })
  @ApiProperty({ description: 'Members not removed' })
  memberCount: number;

  @Field()
  @ApiProperty()
  createdAt: Date;
}

@ObjectType('Member', { description: 'A person working for an organisation, with a role' })
export class MemberDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @Field()
  @ApiProperty()
  organisationName: string;

  @Field()
  @ApiProperty({ example: 'Ana Ruiz' })
  name: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @Field(() => RoleEnum)
  @ApiProperty({
    enum: ROLES,
    description:
      'admin: everything; reviewer: reviews proposals, sees confidential data; contributor: files proposals',
  })
  role: string;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the member was removed (keys revoked)',
  })
  @ApiProperty({ type: Date, nullable: true, description: 'Set when the member was removed' })
  removedAt: Date | null;
}

@ObjectType('ApiKey', { description: 'An API key, without its secret (shown once, at creation)' })
export class ApiKeyDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @Field({ description: 'The visible start of the key, to recognise it' })
  @ApiProperty({ example: 'itk_1a2b3c4d', description: 'The visible start of the key' })
  prefix: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, example: 'laptop' })
  label: string | null;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true, description: 'After this instant the key is refused' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Last use, to the minute' })
  @ApiProperty({ type: Date, nullable: true, description: 'Last use, to the minute' })
  lastUsedAt: Date | null;

  @Field({ description: 'active, revoked or expired' })
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] })
  state: string;
}

@ObjectType('CreatedApiKey', {
  description: 'A new key: `key` is shown this once and never again',
})
export class CreatedApiKeyDto extends ApiKeyDto {
  @Field({ description: 'The secret key: send it as Authorization: Bearer <key>. Shown once.' })
  @ApiProperty({
    example: 'itk_1a2b3c4d_Zq3…',
    description: 'The secret key: send it as Authorization: Bearer <key>. Shown once.',
  })
  key: string;
}

@ObjectType('Caller', { description: 'Who the API takes the caller to be' })
export class CallerDto {
  @Field({ description: 'anonymous, admin, reviewer or contributor' })
  @ApiProperty({ enum: ['anonymous', ...ROLES] })
  role: string;

  @Field()
  @ApiProperty({ example: 'Ana Ruiz (Foundation for Press Freedom)' })
  label: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  memberId: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  organisationId: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  organisationName: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  keyPrefix: string | null;

  @Field({ description: 'Whether this caller sees confidential data' })
  @ApiProperty()
  seesConfidential: boolean;
}
