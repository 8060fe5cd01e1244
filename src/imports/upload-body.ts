import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/** A request body written to a temporary file rather than held in memory. */
export interface UploadedFile {
  uploadPath: string;
  /** Set once a job owns the file (it removes it when done); otherwise it goes with the response. */
  claimed?: boolean;
}

export const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/x-ndjson',
  'application/octet-stream',
];

export const isUpload = (body: unknown): body is UploadedFile =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as UploadedFile).uploadPath === 'string';

const tooLarge = (limit: number) =>
  Object.assign(new Error(`the file is larger than ${limit} bytes`), {
    statusCode: 413,
    code: 'FST_REQ_FILE_TOO_LARGE',
  });

/** Passes bytes through until more than `limit` have come, then fails with a 413. */
function capped(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge(limit) : null, chunk);
    },
  });
}

/**
 * Writes an upload's bytes to a temporary file, up to `limit` bytes (a body's stream is not cut
 * at the limit by Fastify); the file is removed if the stream fails.
 */
async function toDisk(stream: NodeJS.ReadableStream, limit: number): Promise<UploadedFile> {
  const uploadPath = path.join(tmpdir(), `tracker-import-${randomUUID()}`);
  try {
    await pipeline(stream, capped(limit), createWriteStream(uploadPath));
    return { uploadPath };
  } catch (error) {
    await rm(uploadPath, { force: true });
    throw error;
  }
}

/** Routes that take a multipart/form-data upload. */
const MULTIPART_ROUTES = new Set(['/api/v1/imports']);

/** The form field that carries the file in a multipart upload. */
export const FILE_FIELD = 'file';

/**
 * Streams uploads to disk as they arrive: a file sent as the body (CSV, NDJSON, raw bytes), or as
 * the `file` field of a multipart/form-data form (@fastify/multipart). A form's other fields are
 * read as the query parameters of the same name (a parameter in the URL wins).
 */
export function registerUploadParser(fastify: FastifyInstance, limit: number): void {
  fastify.addContentTypeParser(UPLOAD_TYPES, { bodyLimit: limit }, (request, payload, done) => {
    if (Number(request.headers['content-length']) > limit) return done(tooLarge(limit), undefined);
    toDisk(payload, limit).then(
      (file) => done(null, file),
      (error: Error) => done(error, undefined),
    );
  });
  void fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: limit, files: 1, fields: 20, fieldSize: 10_000 },
    onFile: async (part: MultipartFile) => {
      part.value = await toDisk(part.file, limit);
      // Busboy marks a file cut at the size limit instead of failing its stream.
      if (part.file.truncated) {
        await rm((part.value as UploadedFile).uploadPath, { force: true });
        throw tooLarge(limit);
      }
    },
  });
  fastify.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const { [FILE_FIELD]: file, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    request.body = file;
    if (!MULTIPART_ROUTES.has(request.routeOptions.url ?? ''))
      throw Object.assign(new Error('this route does not take multipart/form-data'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
    request.query = { ...fields, ...(request.query as Record<string, unknown>) };
  });
  fastify.addHook('onResponse', async (request) => {
    if (isUpload(request.body) && !request.body.claimed)
      await rm(request.body.uploadPath, { force: true });
  });
}
