import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { Forbidden, Unauthenticated } from '../errors/domain-error.js';
import { ACCESS_RULE, AccessRule } from './access.decorator.js';
import { KeyResolver } from './key-resolver.js';
import { ANONYMOUS, Principal } from './principal.js';

export type RequestWithPrincipal = FastifyRequest & {
  principal?: Principal;
  /** The identification under way, shared by the fields of one GraphQL operation. */
  identifying?: Promise<Principal>;
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Global guard: resolves the caller from `Authorization: Bearer <key>` and enforces the route's
 * declared access rule. A route without a rule is refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly adminKeyDigest?: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeyResolver,
    config: AppConfig,
  ) {
    this.adminKeyDigest = config.bootstrapAdminKey ? digest(config.bootstrapAdminKey) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = this.requestOf(context);
    let principal = ANONYMOUS;
    if (request) {
      request.identifying ??= this.identify(request.headers.authorization).then((p) => ({
        ...p,
        requestId: request.id,
      }));
      principal = await request.identifying;
      request.principal = principal;
    }
    if (rule === 'public') return true;
    if (rule === undefined)
      throw new Forbidden('This endpoint declares no access rule and is closed');
    if (principal.kind === 'anonymous') throw new Unauthenticated();
    if (!rule.includes(principal.kind))
      throw new Forbidden(
        `Your key's role (${principal.kind}) does not allow this operation; it needs: ${rule.join(' or ')}`,
      );
    return true;
  }

  private requestOf(context: ExecutionContext): RequestWithPrincipal | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: RequestWithPrincipal }>().req;
    }
    return context.switchToHttp().getRequest<RequestWithPrincipal>();
  }

  /** Compares digests in constant time, so the bootstrap key cannot be guessed from response times. */
  private async identify(header: string | undefined): Promise<Principal> {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('The Authorization header must read: Bearer <key>');
    if (this.adminKeyDigest && timingSafeEqual(digest(match[1]), this.adminKeyDigest)) {
      return { kind: 'admin', label: 'bootstrap-admin' };
    }
    return this.keys.resolve(match[1]);
  }
}
