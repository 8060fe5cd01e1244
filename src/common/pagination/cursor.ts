import { Injectable, PipeTransform } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { InvalidInput } from '../errors/domain-error.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Opaque cursor: the sort key of the last row of a page, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const CURSOR_PARTS = {
  date: (v: unknown) =>
    typeof v === 'string' && (/^\d{4}-\d{2}-\d{2}$/.test(v) || v === 'infinity'),
  text: (v: unknown) => typeof v === 'string',
  instant: (v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v),
  uuid: (v: unknown) =>
    typeof v === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  integer: (v: unknown) =>
    (typeof v === 'string' || typeof v === 'number') && /^\d{1,19}$/.test(String(v)),
};

/**
 * Reads a cursor back, checking it has the shape of this list's sort key, so that a forged or
 * stale cursor is a 400 naming `cursor` rather than a database error.
 */
export function decodeCursor(
  cursor: string,
  shape?: (keyof typeof CURSOR_PARTS)[],
  field = 'cursor',
): (string | number | null)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) {
      const primitive = (v: unknown) =>
        v === null || typeof v === 'string' || typeof v === 'number';
      const fits = shape
        ? key.length === shape.length && shape.every((kind, i) => CURSOR_PARTS[kind](key[i]))
        : key.every(primitive);
      if (fits) return key as (string | number | null)[];
    }
  } catch {
    // fall through to the error below
  }
  throw InvalidInput.field(
    field,
    'is not a cursor this API returned; pass nextCursor from the previous page',
  );
}

/** A page size within bounds (the DTOs check it too; this guards every other caller). */
export function pageLimit(limit: number | undefined, field = 'limit'): number {
  if (limit === undefined || limit === null) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw InvalidInput.field(field, `must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
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

/** Checks a GraphQL `first` argument with the bounds of `limit`, naming `first` when it is out. */
@Injectable()
export class PageSizePipe implements PipeTransform<number | undefined | null> {
  transform(value: number | undefined | null): number | undefined {
    return value === undefined || value === null ? undefined : pageLimit(value, 'first');
  }
}
