import { INestApplicationContext, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { ACCESS_RULE, AccessRule } from '../src/common/auth/access.decorator.js';

export interface RestRoute {
  name: string;
  method: string;
  /** The path as served, with parameters (`/api/v1/cases/:id`). */
  path: string;
  rule: AccessRule | undefined;
}

export interface GraphqlField {
  name: string;
  /** `Query.cases`, `Mutation.updateCase`. */
  field: string;
  rule: AccessRule | undefined;
}

/** Routes outside the global prefix (see app.setup.ts). */
const UNPREFIXED = new Set(['health', 'metrics', 'feeds']);
const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * The application's REST route table and GraphQL root fields, each with the access rule the
 * AccessGuard applies (the handler's own, else its class's).
 */
export function routeTable(app: INestApplicationContext): {
  rest: RestRoute[];
  graphql: GraphqlField[];
} {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const seen = new Set<unknown>();
  const rest: RestRoute[] = [];
  const graphql: GraphqlField[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of [...module.controllers.values(), ...module.providers.values()]) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (typeof type !== 'function' || !type.prototype || seen.has(type)) continue;
      seen.add(type);
      const isController = module.controllers.has(wrapper.token);
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
      for (const method of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[method] as () => unknown;
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
          handler,
          type,
        ]);
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (isController && verb !== undefined) {
          const own = (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '';
          const prefix = UNPREFIXED.has(base.replace(/^\//, '')) ? '' : 'api/v1';
          rest.push({
            name: `${type.name}.${method}`,
            method: RequestMethod[verb],
            path: join(prefix, base, own),
            rule,
          });
        }
        const root = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string | undefined;
        if (root === 'Query' || root === 'Mutation') {
          const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string) ?? method;
          graphql.push({ name: `${type.name}.${method}`, field: `${root}.${field}`, rule });
        }
      }
    }
  }
  return { rest, graphql };
}
