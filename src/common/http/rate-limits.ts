import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { RateLimits } from '../../config/limits-config.js';
import { CallerIdentifier } from '../auth/caller-identifier.js';
import { Unauthenticated } from '../errors/domain-error.js';

/** Each caller counts in one bucket per window; a bucket's name starts its key. */
type Bucket = 'anonymous' | 'anonymous-write' | 'key' | 'key-write' | 'failed-key';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Orchestrators and scrapers poll these; they are never limited. */
const UNLIMITED = new Set(['/health', '/metrics']);

/** A REST write, or a GraphQL document that holds a mutation (counted as one when unsure). */
function isWrite(request: FastifyRequest): boolean {
  if (request.routeOptions.url === '/graphql') {
    const query = (request.body as { query?: unknown } | undefined)?.query;
    return request.method === 'POST' && typeof query === 'string' && /\bmutation\b/.test(query);
  }
  return WRITE_METHODS.has(request.method);
}

/**
 * Limits requests per window (`RATE_LIMIT_*`): anonymous callers per address, key holders per key,
 * writes apart from reads and more strictly, and requests with a key that fails (unknown, revoked,
 * expired, malformed) per address, so keys cannot be guessed. Answers carry the `RateLimit-*`
 * headers; a refused request gets a 429 in the error shape with `Retry-After`. Counted after the
 * body is read, so that a GraphQL mutation counts as a write; in memory, per process.
 */
export async function registerRateLimits(
  app: NestFastifyApplication,
  limits: RateLimits,
): Promise<void> {
  if (!limits.enabled) return;
  const identifier = app.get(CallerIdentifier);
  const max: Record<Bucket, number> = {
    anonymous: limits.anonymous,
    'anonymous-write': limits.anonymousWrites,
    key: limits.key,
    'key-write': limits.keyWrites,
    'failed-key': limits.failedKeys,
  };
  const bucketOf = (key: string) => key.slice(0, key.indexOf('|')) as Bucket;
  const keyed = (bucket: Bucket, id: string) => `${bucket}|${id}`;

  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: limits.windowSeconds * 1000,
    enableDraftSpec: true,
    allowList: (request) => UNLIMITED.has(request.routeOptions.url ?? ''),
    max: (_request, key) => max[bucketOf(key)],
    keyGenerator: async (request) => {
      const write = isWrite(request);
      const anonymous = keyed(write ? 'anonymous-write' : 'anonymous', request.ip);
      if (!request.headers.authorization) return anonymous;
      try {
        // The access guard reuses this identification: the key is looked up once.
        const caller = await identifier.identify(request);
        return keyed(write ? 'key-write' : 'key', caller.keyPrefix ?? caller.label);
      } catch (error) {
        // Anything else (the database unreachable) is answered by the guard.
        return error instanceof Unauthenticated ? keyed('failed-key', request.ip) : anonymous;
      }
    },
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(
          `Too many requests: at most ${context.max} in ${limits.windowSeconds} s from this caller; retry in ${context.after}`,
        ),
        { statusCode: context.statusCode },
      ),
  });
}
