import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/app-config.js';
import { NextPageLinkInterceptor } from '../pagination/next-page-link.interceptor.js';

/** Headers a browser script on another origin may read (the rest are hidden from it by CORS). */
const EXPOSED_HEADERS = [
  'ETag',
  'Link',
  'Location',
  'Retry-After',
  'X-Request-Id',
  'X-Export-Dataset',
  'X-Export-Filters',
  'X-Export-As-Of',
  'X-Export-Known-As-Of',
  'X-Export-Revision',
  'X-Export-Row-Count',
  'Content-Disposition',
];

/** Responses from this size on are compressed (gzip or brotli, as the client accepts). */
const COMPRESS_FROM_BYTES = 1024;

/** A client's request id is kept when it is a plain token of sensible length. */
const CLIENT_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** Fastify options: each request's id is the client's X-Request-Id, or a new UUID. */
export const requestIdOptions = {
  requestIdHeader: false as const,
  genReqId: (request: { headers: IncomingHttpHeaders }): string => {
    const given = request.headers['x-request-id'];
    return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  },
};

/**
 * What browsers, dashboards and HTTP clients expect of an API: CORS (answered preflights; any origin
 * by default, since keys travel in a header and never in cookies), compressed responses, the
 * request id echoed, and `Link: <…>; rel="next"` beside `pageInfo.nextCursor`. Registered before any
 * hook that may answer a request early, so that such answers carry the same headers.
 */
export async function registerHttpConventions(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  // A route marked @RouteConfig({ compress: false }) is sent as stored: files whose length and
  // checksum are promised (release downloads) keep their Content-Length. Added before the plugin,
  // so it sees the flag on every route.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if ((route.config as { compress?: boolean } | undefined)?.compress === false)
        route.compress = false;
    });
  await app.register(compress, { threshold: COMPRESS_FROM_BYTES, encodings: ['br', 'gzip'] });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      reply.header('X-Request-Id', request.id);
    });
  app.useGlobalInterceptors(new NextPageLinkInterceptor());
}
