import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorBody } from './error-mapping.js';

/** Every REST error leaves through here, in the common shape. GraphQL errors are formatted by `formatGraphqlError`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const body = toErrorBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(body.statusCode)
      .type('application/json; charset=utf-8')
      .send(body);
  }
}
