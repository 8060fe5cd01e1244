import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RETRY_AFTER_SECONDS } from './database-unavailable.js';
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
    } else if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
