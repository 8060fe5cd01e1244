import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { Forbidden, Unauthenticated } from '../errors/domain-error.js';
import { ACCESS_RULE, AccessRule } from './access.decorator.js';
import { CallerIdentifier, type RequestWithPrincipal } from './caller-identifier.js';
import { ANONYMOUS } from './principal.js';

export type { RequestWithPrincipal } from './caller-identifier.js';

/**
 * Global guard: resolves the caller from `Authorization: Bearer <key>` and enforces the route's
 * declared access rule. A route without a rule is refused (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identifier: CallerIdentifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = this.requestOf(context);
    let principal = ANONYMOUS;
    if (request) {
      principal = await this.identifier.identify(request);
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
}
