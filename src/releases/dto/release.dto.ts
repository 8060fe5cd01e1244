import { DateScalar } from '../../common/time/instants.js';
import { Field, Float, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';

@ObjectType('ReleaseFile', { description: 'One file of a release, as signed' })
export class ReleaseFileDto {
  @Field()
  @ApiProperty({ example: 'cases.csv' })
  name: string;

  @Field()
  @ApiProperty({ example: 'text/csv; charset=utf-8' })
  mediaType: string;

  @Field(() => Float, { description: 'Size in bytes' })
  @ApiProperty()
  size: number;

  @Field({ description: 'SHA-256 of the file, hexadecimal' })
  @ApiProperty()
  sha256: string;

  @Field()
  @ApiProperty({ format: 'uri' })
  url: string;
}

@ObjectType('ReleaseArchive', {
  description: 'The whole release as one tar archive (a folder named after the version)',
})
export class ReleaseArchiveDto {
  @Field()
  @ApiProperty({ example: '2026.12.06.tar' })
  name: string;

  @Field(() => Float, { description: 'Size in bytes' })
  @ApiProperty()
  size: number;

  @Field()
  @ApiProperty({ format: 'uri' })
  url: string;
}

@ObjectType('ReleaseSigningKey', { description: 'The Ed25519 key that signed a release' })
export class SigningKeyDto {
  @Field({ description: 'First 16 hex digits of the SHA-256 of the public key (DER)' })
  @ApiProperty()
  id: string;

  @Field({ description: 'The public key, PEM' })
  @ApiProperty()
  publicKeyPem: string;

  @Field({ description: 'Where the public key is served' })
  @ApiProperty({ format: 'uri' })
  url: string;
}

@ObjectType('Release', {
  description: 'An immutable, signed snapshot of the public data at one dataset revision',
})
export class ReleaseDto {
  @Field()
  @ApiProperty({ example: '2026.12.06' })
  version: string;

  @Field()
  @ApiProperty()
  title: string;

  @Field({ description: 'The dataset revision the data was read at' })
  @ApiProperty({ example: '1234' })
  revision: string;

  @Field(() => DateScalar, {
    description: 'The date statuses and figures are computed on (UTC date of the revision)',
  })
  @ApiProperty({ format: 'date' })
  dataDate: string;

  @Field()
  @ApiProperty({ example: 'CC-BY-4.0' })
  licence: string;

  @Field()
  @ApiProperty()
  publishedAt: Date;

  @Field()
  @ApiProperty({ format: 'uri', description: 'The Data Package descriptor' })
  url: string;

  @Field(() => SigningKeyDto)
  @ApiProperty({ type: SigningKeyDto })
  signingKey: SigningKeyDto;

  @Field({ description: 'SHA-256 of the manifest (SHA256SUMS), which the signature covers' })
  @ApiProperty()
  manifestSha256: string;

  @Field(() => [ReleaseFileDto])
  @ApiProperty({ type: [ReleaseFileDto] })
  files: ReleaseFileDto[];

  @Field(() => ReleaseArchiveDto)
  @ApiProperty({ type: () => ReleaseArchiveDto })
  archive: ReleaseArchiveDto;
}

@ObjectType('ReleaseFileCheck', { description: 'A stored file beside its rebuilt copy' })
export class ReleaseFileCheckDto {
  @Field()
  name: string;

  @Field()
  storedSha256: string;

  @Field(() => String, { nullable: true })
  rebuiltSha256: string | null;

  @Field()
  identical: boolean;
}

@ObjectType('ReleaseRebuild', { description: 'Whether a release rebuilds byte for byte' })
export class ReleaseRebuildDto {
  @Field()
  version: string;

  @Field()
  identical: boolean;

  @Field(() => [ReleaseFileCheckDto])
  files: ReleaseFileCheckDto[];
}

@ObjectType('ReleasePage')
export class ReleasePageDto {
  @Field(() => [ReleaseDto])
  @ApiProperty({ type: [ReleaseDto] })
  data: ReleaseDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
