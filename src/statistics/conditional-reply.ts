import type { FastifyReply, FastifyRequest } from 'fastify';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import type { Conditional } from './statistics.service.js';

/** Public figures may be cached by anyone for a minute. */
export const ANONYMOUS_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60';

/** A figure depends on the caller's key, and may be sent gzipped from the response cache. */
export const FIGURE_VARY = 'Authorization, Accept-Encoding';

/** Figures with confidential data may be cached by no one. */
export function cacheControl(viewer: Principal): string {
  return canSeeConfidential(viewer) ? 'private, no-store' : ANONYMOUS_CACHE_CONTROL;
}

/** Whether an If-None-Match header names this ETag (weak or strong). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  return (
    ifNoneMatch !== undefined &&
    ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
  );
}

/** `Cache-Control: no-cache` from the client asks for a figure computed afresh. */
export const wantsFresh = (request: FastifyRequest) =>
  /\bno-cache\b/.test(String(request.headers['cache-control'] ?? ''));

/** Writes the validators of a conditional GET and its 304 when the client's copy is current. */
export function reply<T>(
  response: FastifyReply,
  result: Conditional<T>,
  viewer: Principal,
): T | undefined {
  response.header('ETag', result.etag);
  response.header('Cache-Control', cacheControl(viewer));
  response.header('Vary', FIGURE_VARY);
  if (result.notModified) {
    response.status(304);
    return undefined;
  }
  return result.body;
}
