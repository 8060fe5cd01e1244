import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { RequestWithPrincipal } from './access.guard.js';
import { ANONYMOUS, Principal } from './principal.js';

/** The caller, as the access guard identified it; works for REST and GraphQL alike. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const request =
      context.getType<GqlContextType>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req?: RequestWithPrincipal }>().req
        : context.switchToHttp().getRequest<RequestWithPrincipal>();
    return request?.principal ?? ANONYMOUS;
  },
);
