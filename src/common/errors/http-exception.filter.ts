import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RETRY_AFTER_SECONDS } from './database-unavailable.js';
import { DomainError } from './domain-error.js';
import { toErrorBody } from './error-mapping.js';

/** Every REST error leaves through here, in the common shape. GraphQL errors are formatted by `formatGraphqlError`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const body = toErrorBody(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (body.statusCode === 503) {
      // Not a bug: the database is down or busy, and the client is told when to come back.
      this.logger.warn(`${body.code}: ${exception instanceof Error ? exception.message : ''}`);
      void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (exception instanceof DomainError && exception.movedTo) {
      // The same path and query with the record's new id (a merged case answers for its survivor).
      const { url } = host.switchToHttp().getRequest<FastifyRequest>();
      const [path, query] = url.split(/\?(.*)/s, 2);
      const moved = path
        .split('/')
        .map((part) => (part === exception.movedTo!.from ? exception.movedTo!.to : part));
      void reply.header('Location', moved.join('/') + (query !== undefined ? `?${query}` : ''));
    } else if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
