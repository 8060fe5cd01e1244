import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { Forbidden, Unauthenticated } from '../errors/domain-error.js';
import { ACCESS_RULE, AccessRule } from './access.decorator.js';
import { ANONYMOUS, Principal } from './principal.js';

export type RequestWithPrincipal = FastifyRequest & { principal?: Principal };

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
    config: AppConfig,
  ) {
    this.adminKeyDigest = config.bootstrapAdminKey ? digest(config.bootstrapAdminKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = this.requestOf(context);
    const principal = { ...this.identify(request?.headers.authorization), requestId: request?.id };
    if (request) request.principal = principal;
    if (rule === 'public') return true;
    if (rule === undefined)
      throw new Forbidden('This endpoint declares no access rule and is closed');
    if (principal.kind === 'anonymous') throw new Unauthenticated();
    if (principal.kind !== 'admin') throw new Forbidden();
    return true;
  }

  private requestOf(context: ExecutionContext): RequestWithPrincipal | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<{ req?: RequestWithPrincipal }>().req;
    }
    return context.switchToHttp().getRequest<RequestWithPrincipal>();
  }

  /** Compares digests in constant time, so the key cannot be guessed from response times. */
  private identify(header: string | undefined): Principal {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('The Authorization header must read: Bearer <key>');
    if (this.adminKeyDigest && timingSafeEqual(digest(match[1]), this.adminKeyDigest)) {
      return { kind: 'admin', label: 'bootstrap-admin' };
    }
    throw new Unauthenticated('Unknown API key');
  }
}
