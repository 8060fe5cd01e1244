import { Context } from '@nestjs/graphql';
import type { RequestWithPrincipal } from '../common/auth/access.guard.js';
import type { RequestLoaders } from './request-loaders.js';

export interface GraphqlContext {
  req: RequestWithPrincipal;
  loaders: RequestLoaders;
}

/** The per-request DataLoaders, as a resolver parameter. */
export const Loaders = () => Context('loaders');
