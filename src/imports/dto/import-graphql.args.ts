import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { IntField, NestedField, TextField } from '../../common/validation/fields.js';
import { ImportQuery } from './import.query.js';

/** The file's text that a GraphQL request may carry; larger files go to POST /api/v1/imports. */
export const IMPORT_TEXT_LIMIT = 5 * 1024 * 1024;
/** Rejects listed through GraphQL at most; the rejects CSV has them all. */
export const MAX_LISTED_REJECTS = 1000;

/** `importFile`: the options of POST /api/v1/imports, and the file as text. */
@ArgsType()
export class ImportFileArgs {
  @NestedField(() => ImportQuery, { description: 'How to import the file' })
  options: ImportQuery;

  @TextField({
    description: `The file’s text: CSV, NDJSON or a JSON array (at most ${IMPORT_TEXT_LIMIT} characters)`,
    max: IMPORT_TEXT_LIMIT,
  })
  content: string;
}

/** `importRejects`: the rows a job refused, in file order. */
@ArgsType()
export class ImportRejectsArgs {
  @Field(() => ID, { description: 'The import job' })
  @IsUUID('all', { message: 'jobId must be a UUID' })
  jobId: string;

  @IntField({
    description: `How many, from the first (default 100, at most ${MAX_LISTED_REJECTS})`,
    optional: true,
    min: 1,
    max: MAX_LISTED_REJECTS,
  })
  first?: number;
}
