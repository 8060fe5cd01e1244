import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { InvalidInput } from '../errors/domain-error.js';
import type { ErrorBody } from '../errors/error-mapping.js';

const body = (statusCode: number, code: string, message: string, field: string): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  code,
  message,
  details: [{ field, message }],
});

/**
 * Fastify's own answers to requests it cannot route or even read, in the common error shape. They
 * never repeat the URL or headers sent: a 414 used to echo the whole URL back.
 */
export const requestErrorOptions: Pick<
  FastifyServerOptions,
  'frameworkErrors' | 'clientErrorHandler'
> = {
  frameworkErrors: (error, _request: FastifyRequest, reply: FastifyReply) => {
    const answer =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? body(414, 'uri_too_long', 'A segment of the path is longer than 100 characters', 'path')
        : error.code === 'FST_ERR_BAD_URL'
          ? body(400, 'bad_url', 'The path holds a malformed percent-encoded sequence', 'path')
          : body(400, 'bad_request', 'The request cannot be routed', 'path');
    void reply.code(answer.statusCode).type('application/json; charset=utf-8').send(answer);
  },
  // Requests Node's HTTP parser refuses: headers (the request line included) too large, a timeout.
  clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answer =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? body(
            431,
            'request_header_fields_too_large',
            'The request line and headers together exceed 16 KiB',
            'headers',
          )
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? body(408, 'request_timeout', 'The request took too long to arrive', 'request')
          : body(400, 'bad_request', 'The request is not valid HTTP', 'request');
    const json = JSON.stringify(answer);
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${answer.statusCode} ${answer.error}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${json}`,
      );
    socket.destroy(error);
  },
};

/**
 * How deeply the JSON text nests arrays and objects, stopping as soon as it passes `limit`.
 * Counted on the text, before parsing: a body nested thousands deep would otherwise overflow the
 * stack of every recursive step after the parser (class-transformer, validation, GraphQL).
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Fastify's JSON parser, behind a check of how deeply the body nests. */
export function limitJsonNesting(app: NestFastifyApplication, maxDepth: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, raw: Buffer, done) => {
      const text = raw.toString('utf8');
      if (nestingExceeds(text, maxDepth)) {
        done(
          InvalidInput.field('body', `nests arrays and objects more than ${maxDepth} levels deep`),
        );
        return;
      }
      // The default parser answers through done.
      void parse(request as FastifyRequest, text, done);
    },
  );
}
