import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
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
export const UPLOAD_LIMIT = 1024 * 1024 * 1024;

export const isUpload = (body: unknown): body is UploadedFile =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as UploadedFile).uploadPath === 'string';

/** Streams uploads of files (CSV, NDJSON, raw bytes) to disk as they arrive. */
export function registerUploadParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    UPLOAD_TYPES,
    { bodyLimit: UPLOAD_LIMIT },
    (_request, payload, done) => {
      const uploadPath = path.join(tmpdir(), `tracker-import-${randomUUID()}`);
      pipeline(payload, createWriteStream(uploadPath))
        .then(() => done(null, { uploadPath } satisfies UploadedFile))
        .catch((error: Error) => {
          void rm(uploadPath, { force: true });
          done(error, undefined);
        });
    },
  );
  fastify.addHook('onResponse', async (request) => {
    if (isUpload(request.body) && !request.body.claimed)
      await rm(request.body.uploadPath, { force: true });
  });
}
