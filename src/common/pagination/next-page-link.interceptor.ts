import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';

interface Paged {
  pageInfo?: { nextCursor?: unknown };
}

/** The same request with `cursor` set to the next page's: a relative reference (RFC 3986). */
export function nextPageUrl(requestUrl: string, nextCursor: string): string {
  const url = new URL(requestUrl, 'http://relative.invalid');
  url.searchParams.set('cursor', nextCursor);
  return `${url.pathname}${url.search}`;
}

/**
 * Adds `Link: <…>; rel="next"` (RFC 8288) to a REST list response that has a next page, so that
 * clients that follow links page through it without reading the body's `pageInfo.nextCursor`.
 */
@Injectable()
export class NextPageLinkInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    return next.handle().pipe(
      tap((body: unknown) => {
        const cursor = (body as Paged | null)?.pageInfo?.nextCursor;
        if (typeof cursor !== 'string') return;
        const request = http.getRequest<FastifyRequest>();
        http
          .getResponse<FastifyReply>()
          .header('Link', `<${nextPageUrl(request.url, cursor)}>; rel="next"`);
      }),
    );
  }
}
