import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../errors/error-response.dto.js';
import { parseIfMatch } from './versions.js';

/** The version named by the request's If-Match header (see parseIfMatch). */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** Documents the If-Match precondition of an update of a versioned record. */
export const RequiresIfMatch = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: true,
      description:
        'The ETag of the record as you read it (W/"<version>"), so that no update is lost',
    }),
    ApiPreconditionFailedResponse({
      type: ErrorResponseDto,
      description: 'The record has changed since that version',
    }),
    ApiResponse({ status: 428, type: ErrorResponseDto, description: 'If-Match is missing' }),
  );
