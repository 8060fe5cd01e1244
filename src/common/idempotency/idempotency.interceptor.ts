import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Kind, print, type GraphQLResolveInfo } from 'graphql';
import { from, Observable, lastValueFrom } from 'rxjs';
import type { RequestWithPrincipal } from '../auth/access.guard.js';
import { InvalidInput } from '../errors/domain-error.js';
import { IdempotencyKeyReused, IdempotentRequestInProgress } from './idempotency.errors.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is remembered. */
const TTL_HOURS = 24;
/** How long a retry waits for the first request with its key to finish. */
const WAIT_MS = 30_000;
const POLL_MS = 25;

/** JSON with sorted keys: the same body always hashes the same, whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Uploads are streamed to a file before the handler runs (see imports/upload-body.ts). */
const uploadPathOf = (body: unknown): string | undefined =>
  typeof (body as { uploadPath?: unknown } | null)?.uploadPath === 'string'
    ? (body as { uploadPath: string }).uploadPath
    : undefined;

async function requestHash(request: RequestWithPrincipal): Promise<string> {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const upload = uploadPathOf(request.body);
  if (upload) for await (const chunk of createReadStream(upload)) hash.update(chunk as Buffer);
  else hash.update(canonical(request.body ?? null));
  return hash.digest('hex');
}

/** A GraphQL mutation's identity: its operation (text and variables) and the field answering. */
function mutationHash(info: GraphQLResolveInfo): string {
  return createHash('sha256')
    .update(`graphql ${info.fieldName}\n${print(info.operation)}\n`)
    .update(canonical(info.variableValues ?? null))
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its answer is kept (per
 * caller, for a day); a retry with the same key and the same request gets that answer again
 * without running anything; the same key with another request is a 422. Concurrent retries wait
 * for the first one's answer. A request that fails frees its key, so that it can be retried.
 * GraphQL honours the header for an operation with one mutation, replaying that mutation's
 * result; an operation with several mutations under one key is refused, naming the header.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() === 'graphql') return this.interceptMutation(context, next);
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    const key = this.keyOf(header);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    return from(
      requestHash(request).then((hash) =>
        this.run(
          hash,
          status,
          this.ownerOf(request),
          key,
          next,
          () => void reply.header('idempotent-replayed', 'true'),
        ),
      ),
    );
  }

  private interceptMutation(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const request = gql.getContext<{ req?: RequestWithPrincipal }>().req;
    const header = request?.headers[IDEMPOTENCY_HEADER];
    if (info.parentType.name !== 'Mutation' || !request || header === undefined)
      return next.handle();
    const key = this.keyOf(header);
    const mutations = info.operation.selectionSet.selections.filter(
      (s) => s.kind !== Kind.FIELD || !s.name.value.startsWith('__'),
    ).length;
    if (mutations !== 1)
      throw InvalidInput.field(
        'Idempotency-Key',
        `applies to an operation with one mutation; this one has ${mutations}: send each under its own key`,
      );
    return from(this.run(mutationHash(info), 200, this.ownerOf(request), key, next, () => {}));
  }

  private keyOf(header: string | string[]): string {
    const key = Array.isArray(header) ? header[0] : header;
    if (!/^[\x21-\x7e]{1,200}$/.test(key))
      throw InvalidInput.field('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
    return key;
  }

  private ownerOf(request: RequestWithPrincipal): string {
    const principal = request.principal;
    if (principal?.memberId) return `member:${principal.memberId}`;
    if (principal && principal.kind !== 'anonymous') return `key:${principal.label}`;
    return `anonymous:${request.ip}`;
  }

  private async run(
    hash: string,
    status: number,
    owner: string,
    key: string,
    next: CallHandler,
    onReplay: () => void,
  ): Promise<unknown> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (await this.keys.claim(owner, key, hash, TTL_HOURS)) {
        let body: unknown;
        try {
          body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        } catch (error) {
          await this.keys.release(owner, key);
          throw error;
        }
        await this.keys.complete(owner, key, status, body);
        return body;
      }
      const stored = await this.keys.find(owner, key);
      if (stored && stored.requestHash !== hash) throw new IdempotencyKeyReused();
      if (stored?.state === 'done') {
        onReplay();
        return stored.responseBody;
      }
      if (Date.now() > deadline) throw new IdempotentRequestInProgress();
      // Held by a request still running (or just released): wait, then look again.
      if (stored) await sleep(POLL_MS);
    }
  }
}
