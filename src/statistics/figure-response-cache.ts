import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import {
  ANONYMOUS_CACHE_CONTROL,
  etagMatches,
  FIGURE_VARY,
  wantsFresh,
} from './conditional-reply.js';
import { StatisticsRepository } from './statistics.repository.js';

interface Response {
  /** The dataset revision the figure reflects; the response stands while it is current. */
  revision: string;
  etag: string;
  /** The JSON body, serialised once. */
  body: Buffer;
  /** The body gzipped, for clients that accept it (large bodies only); null while compressing. */
  gzipped?: Buffer | null;
}

/** Bodies from this size on are also kept gzipped: a grouped figure can weigh megabytes. */
export const GZIP_FROM_BYTES = 8 * 1024;
const gzipAsync = promisify(gzip);

/**
 * The responses to anonymous figure requests, by their exact URL, answered before the request
 * reaches the framework's pipeline. Dashboards and embedded charts ask for the same public figures
 * again and again; once a request has gone the whole way (access rule, validation, computation),
 * the same URL without credentials gets the same bytes for as long as the dataset revision is
 * unchanged, after one shared read of the revision (gzipped when the body is large and the client
 * accepts it). Requests with an Authorization header, with `Cache-Control: no-cache`, or for URLs
 * not seen yet take the usual path.
 */
@Injectable()
export class FigureResponseCache {
  private readonly responses = new LRUCache<string, Response>({
    max: 2_000,
    maxSize: 256 * 1024 * 1024,
    sizeCalculation: (response, url) => response.body.length + url.length,
  });

  constructor(private readonly statistics: StatisticsRepository) {}

  /** Keeps the response (its JSON body) to an anonymous request the pipeline has answered. */
  remember(request: FastifyRequest, revision: string, etag: string, body: Buffer): void {
    if (request.method !== 'GET' || request.headers.authorization !== undefined) return;
    this.responses.set(request.url, { revision, etag, body });
  }

  /** Starts compressing a large body the first time a client asks for it gzipped. */
  private compress(response: Response): void {
    response.gzipped = null;
    gzipAsync(response.body).then(
      (gzipped) => (response.gzipped = gzipped),
      () => undefined, // stays uncompressed
    );
  }

  /** Fastify onRequest hook: answers from memory when it can, else lets the request through. */
  readonly onRequest = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    if (
      request.method !== 'GET' ||
      request.headers.authorization !== undefined ||
      this.responses.size === 0
    )
      return undefined;
    const response = this.responses.get(request.url);
    if (!response || wantsFresh(request)) return undefined;
    // Without the revision (the database is down) the request takes the usual path, which
    // answers 503.
    const revision = await this.statistics.currentRevision().catch(() => undefined);
    if (revision !== response.revision) {
      this.responses.delete(request.url);
      return undefined;
    }
    reply
      .header('ETag', response.etag)
      .header('Cache-Control', ANONYMOUS_CACHE_CONTROL)
      .header('Vary', FIGURE_VARY);
    // An async hook that answers returns the reply, so that Fastify stops there.
    if (etagMatches(request.headers['if-none-match'], response.etag)) return reply.code(304).send();
    reply.type('application/json; charset=utf-8');
    if (
      response.body.length >= GZIP_FROM_BYTES &&
      /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
    ) {
      if (response.gzipped) return reply.header('Content-Encoding', 'gzip').send(response.gzipped);
      if (response.gzipped === undefined) this.compress(response);
    }
    return reply.send(response.body);
  };
}
