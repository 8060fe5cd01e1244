import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { InvalidInput } from '../errors/domain-error.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Opaque cursor: the sort key of the last row of a page, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'cursor'): (string | number | null)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.every((k) => k === null || typeof k === 'string' || typeof k === 'number')
    )
      return key;
  } catch {
    // fall through to the error below
  }
  throw InvalidInput.field(
    field,
    'is not a cursor this API returned; pass nextCursor from the previous page',
  );
}

@ObjectType('PageInfo')
export class PageInfoDto {
  @Field(() => String, {
    nullable: true,
    description:
      'Pass as `cursor` (REST) or `after` (GraphQL) for the next page; null on the last page',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;

  @Field()
  @ApiProperty()
  hasNextPage: boolean;

  @Field(() => Int)
  @ApiProperty({ example: 50 })
  limit: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Rows matching the filters, when asked for (withTotal)',
  })
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Rows matching the filters, when asked for (withTotal=true)',
  })
  total: number | null;
}

/** Splits the extra row fetched to know whether another page follows. */
export function page<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => (string | number | null)[],
  total: number | null,
) {
  const hasNextPage = rows.length > limit;
  const data = hasNextPage ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return {
    data,
    pageInfo: {
      nextCursor: hasNextPage && last ? encodeCursor(keyOf(last)) : null,
      hasNextPage,
      limit,
      total,
    },
  };
}
