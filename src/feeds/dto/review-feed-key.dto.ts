import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../common/validation/fields.js';

@ObjectType('ReviewFeedKey', { description: 'A key to the review queue’s private Atom feed' })
export class ReviewFeedKeyDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  memberId: string;

  @Field()
  @ApiProperty()
  memberName: string;

  @Field({ description: 'The visible start of the key' })
  @ApiProperty({ example: 'rfk_1a2b3c4d' })
  prefix: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  label: string | null;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  revokedAt: Date | null;
}

@ObjectType('CreatedReviewFeedKey', { description: 'A new feed key, shown this once' })
export class CreatedReviewFeedKeyDto extends ReviewFeedKeyDto {
  @Field({ description: 'The key (stored only as a hash)' })
  @ApiProperty({ description: 'The key (stored only as a hash)' })
  key: string;

  @Field({
    description: 'The feed’s address with the key; add organisation= or country= to narrow it',
  })
  @ApiProperty({
    description: 'The feed’s address with the key; add organisation= or country= to narrow it',
  })
  feedUrl: string;
}

@InputType('ReviewFeedKeyInput')
export class CreateReviewFeedKeyDto {
  @TextField({
    description: 'What the key is for',
    optional: true,
    max: 200,
    example: 'feed reader',
  })
  label?: string | null;
}
