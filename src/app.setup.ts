import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { registerHttpConventions, requestIdOptions } from './common/http/http-conventions.js';
import { QuietStartupLogger } from './common/logging/logging.js';
import { registerRateLimits } from './common/http/rate-limits.js';
import { limitJsonNesting, requestErrorOptions } from './common/http/request-limits.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { AppConfig } from './config/app-config.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';
import { MetricsService } from './metrics/metrics.service.js';
import { FigureResponseCache } from './statistics/figure-response-cache.js';
import { SiteRoutes } from './site/site.routes.js';

export const API_PREFIX = 'api/v1';
/**
 * Routes outside the versioned API: those for operators, and the Atom feeds at the site's root
 * (/feeds/cases.atom), where feed readers look.
 */
export const UNPREFIXED_ROUTES = [
  'health',
  'health/live',
  'health/ready',
  'metrics',
  'feeds/cases.atom',
  'feeds/status-changes.atom',
  'feeds/review-queue.atom',
];

/** Builds the application (REST, GraphQL, docs, metrics) for a configuration whose database is ready. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: 10 * 1024 * 1024,
      // Fastify also takes a number of hops, which Nest's adapter type leaves out.
      trustProxy: config.limits.trustProxy as boolean | string,
      ...requestErrorOptions,
      ...requestIdOptions,
    }),
    { bufferLogs: true },
  );
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  limitJsonNesting(app, config.limits.jsonMaxDepth);
  await registerSecurityHeaders(app);
  await registerRateLimits(app, config.limits.rateLimits);

  await registerHttpConventions(app, config);
  // Repeated anonymous figure requests are answered before the framework's pipeline.
  app.getHttpAdapter().getInstance().addHook('onRequest', app.get(FigureResponseCache).onRequest);

  // The public site: pages for people beside the API, on routes of their own.
  app.get(SiteRoutes).register(app.getHttpAdapter().getInstance());

  const metrics = app.get(MetricsService);
  const requestLog = await app.resolve(PinoLogger);
  requestLog.setContext('HTTP');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      if (!route.startsWith('/health') && route !== '/metrics') {
        requestLog.info(
          {
            method: request.method,
            url: request.url,
            status: reply.statusCode,
            ms: Math.round(reply.elapsedTime),
          },
          'request',
        );
      }
    });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
