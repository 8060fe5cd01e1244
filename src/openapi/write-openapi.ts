import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { API_PREFIX, UNPREFIXED_ROUTES } from '../app.setup.js';
import { AppConfig } from '../config/app-config.js';
import { createOpenApiDocument } from './openapi-document.js';

/**
 * Writes the OpenAPI document that /docs-json serves to the file given (the build writes
 * dist/openapi.json, from which the client types are generated and which the linters read). Nest's
 * preview mode reads the controllers' metadata without creating providers: no database is needed.
 */
async function main(file: string): Promise<void> {
  const config = AppConfig.fromEnv({ DATABASE_URL: 'postgres://preview.invalid/preview' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  writeFileSync(file, `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`);
  await app.close();
}

main(path.resolve(process.argv[2] ?? 'dist/openapi.json')).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
