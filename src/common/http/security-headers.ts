import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The content security policy of every answer. Swagger UI (/docs) loads its scripts from this
 * server and styles itself inline; JSON answers run nothing. No upgrade-insecure-requests: the
 * service is also reached over plain HTTP on a local network.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  upgradeInsecureRequests: null,
};

/**
 * The GraphQL IDE page (GET /graphql from a browser, graphql-ide.ts) carries its scripts and styles
 * inline and starts its editor's workers from blobs; only that page is allowed these. It loads
 * nothing from any other site.
 */
const IDE_DIRECTIVES = {
  ...DIRECTIVES,
  scriptSrc: ["'self'", "'unsafe-inline'"],
  workerSrc: ["'self'", 'blob:'],
};

/** Security headers on every answer (@fastify/helmet), the GraphQL IDE's page with its own CSP. */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Route options are read by helmet when a request arrives, so this applies to routes added later.
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // The site's embeds are framed by other sites (their own policy says frame-ancestors *).
    if (route.url.startsWith('/embed/'))
      route.config = {
        ...(route.config ?? {}),
        helmet: { frameguard: false },
      } as typeof route.config;
    else if (route.url === '/graphql' && methods.includes('GET'))
      route.config = {
        ...(route.config ?? {}),
        helmet: { contentSecurityPolicy: { useDefaults: false, directives: IDE_DIRECTIVES } },
      } as typeof route.config;
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    // Published data may be read from other sites; CORS decides which may read it with scripts.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
