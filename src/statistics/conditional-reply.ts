import type { FastifyReply, FastifyRequest } from 'fastify';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import type { Conditional } from './statistics.service.js';

/** Public figures may be cached by anyone for a minute; figures with confidential data by no one. */
export function cacheControl(viewer: Principal): string {
  return canSeeConfidential(viewer)
    ? 'private, no-store'
    : 'public, max-age=60, stale-while-revalidate=60';
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
  response.header('Vary', 'Authorization');
  if (result.notModified) {
    response.status(304);
    return undefined;
  }
  return result.body;
}
