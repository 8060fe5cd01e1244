import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PageCursorField, PageLimitField } from '../../common/pagination/page-fields.js';
import { TextField } from '../../common/validation/fields.js';

export const VERSION_PATTERN = /^[0-9][0-9A-Za-z.-]{0,39}$/;
export const LICENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

@InputType('CreateReleaseInput')
export class CreateReleaseInput {
  @Field(() => String, {
    nullable: true,
    description: 'Version name (starts with a digit); default: today’s date, YYYY.MM.DD[.n]',
  })
  @ApiProperty({ required: false, example: '2026.12.06', pattern: VERSION_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(VERSION_PATTERN, {
    message:
      'version must start with a digit and hold at most 40 letters, digits, dots and hyphens',
  })
  version?: string;

  @TextField({ description: 'Title of the release', optional: true, max: 300 })
  title?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Licence identifier (Open Definition / SPDX); default: RELEASE_LICENSE',
  })
  @ApiProperty({ required: false, example: 'CC-BY-4.0' })
  @IsOptional()
  @IsString()
  @Matches(LICENCE_PATTERN, {
    message: 'licence must be a licence identifier such as CC-BY-4.0, CC0-1.0 or ODbL-1.0',
  })
  licence?: string;
}

/** `/releases/{version}` */
export class ReleaseVersionParam {
  @ApiProperty({ example: '2026.12.06' })
  @Matches(VERSION_PATTERN, { message: 'version is not a release version' })
  version: string;
}

/** `/releases/{version}/{file}` */
export class ReleaseFileParams extends ReleaseVersionParam {
  @ApiProperty({ example: 'cases.csv' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'file is not a file name' })
  file: string;
}

/** `/releases/keys/{file}`: a signing key's public half, `<id>.pem`. */
export class SigningKeyParam {
  @ApiProperty({ example: '0123456789abcdef.pem' })
  @Matches(/^[0-9a-f]{16}\.pem$/, { message: 'file must be a key id followed by .pem' })
  file: string;
}

export class ListReleasesQuery {
  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;
}
