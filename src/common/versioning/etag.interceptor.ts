import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf } from './versions.js';

/** Sets ETag: W/"<version>" on answers that are one versioned record. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number')
          context.switchToHttp().getResponse<FastifyReply>().header('etag', etagOf(version));
        return body;
      }),
    );
  }
}

/** The answer carries the record's version as its ETag, to send back as If-Match. */
export const VersionedResponse = () => applyDecorators(UseInterceptors(ETagInterceptor));
