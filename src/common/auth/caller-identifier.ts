import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { Unauthenticated } from '../errors/domain-error.js';
import { KeyResolver } from './key-resolver.js';
import { ANONYMOUS, Principal } from './principal.js';

export type RequestWithPrincipal = FastifyRequest & {
  principal?: Principal;
  /** The identification under way, shared by the rate limiter and every field of one GraphQL operation. */
  identifying?: Promise<Principal>;
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Finds who is calling from `Authorization: Bearer <key>`, once per request. */
@Injectable()
export class CallerIdentifier {
  private readonly adminKeyDigest?: Buffer;

  constructor(
    private readonly keys: KeyResolver,
    config: AppConfig,
  ) {
    this.adminKeyDigest = config.bootstrapAdminKey ? digest(config.bootstrapAdminKey) : undefined;
  }

  /** The caller; rejects with Unauthenticated for a malformed header or an unknown, revoked or expired key. */
  identify(request: RequestWithPrincipal): Promise<Principal> {
    request.identifying ??= this.fromHeader(request.headers.authorization).then((p) => ({
      ...p,
      requestId: request.id,
    }));
    return request.identifying;
  }

  /** Compares digests in constant time, so the bootstrap key cannot be guessed from response times. */
  private async fromHeader(header: string | undefined): Promise<Principal> {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('The Authorization header must read: Bearer <key>');
    if (this.adminKeyDigest && timingSafeEqual(digest(match[1]), this.adminKeyDigest)) {
      return { kind: 'admin', label: 'bootstrap-admin' };
    }
    return this.keys.resolve(match[1]);
  }
}
