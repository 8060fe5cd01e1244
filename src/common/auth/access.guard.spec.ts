import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config.js';
import { Forbidden, Unauthenticated } from '../errors/domain-error.js';
import { toErrorBody } from '../errors/error-mapping.js';
import { AdminAccess, MemberAccess, PublicAccess } from './access.decorator.js';
import { AccessGuard, RequestWithPrincipal } from './access.guard.js';
import { CallerIdentifier } from './caller-identifier.js';
import { KeyResolver } from './key-resolver.js';
import type { Principal } from './principal.js';

const ADMIN_KEY = 'admin-key-0123456789abcdefghijklmnopqrstuvwxyz';
const REVIEWER_KEY = 'tk_reviewer_0123456789';

/** Members' keys, as the members module would resolve them. */
class FakeKeys extends KeyResolver {
  lookups = 0;

  async resolve(key: string): Promise<Principal> {
    this.lookups++;
    if (key === REVIEWER_KEY) return { kind: 'reviewer', label: 'Reviewer (IFEX)' };
    throw new Unauthenticated('Unknown API key');
  }
}

class Routes {
  @PublicAccess()
  open() {}

  @AdminAccess()
  admin() {}

  @MemberAccess()
  members() {}

  undeclared() {}
}

@AdminAccess()
class AdminRoutes {
  inherited() {}

  @PublicAccess()
  overridden() {}
}

function request(authorization?: string): RequestWithPrincipal {
  return {
    id: 'req-1',
    headers: authorization === undefined ? {} : { authorization },
  } as unknown as RequestWithPrincipal;
}

/** The execution context Nest builds for an HTTP request or for a GraphQL field. */
function contextFor(
  target: typeof Routes | typeof AdminRoutes,
  handler: string,
  req: RequestWithPrincipal,
  type: 'http' | 'graphql' = 'http',
) {
  const method = (target.prototype as unknown as Record<string, () => void>)[handler];
  const context = new ExecutionContextHost(
    type === 'http' ? [req, {}] : [{}, {}, { req }, {}],
    target,
    method,
  );
  context.setType(type);
  return context;
}

function guardWith(adminKey: string | null = ADMIN_KEY, keys = new FakeKeys()) {
  const config = AppConfig.fromEnv(adminKey ? { BOOTSTRAP_ADMIN_KEY: adminKey } : {});
  return { guard: new AccessGuard(new Reflector(), new CallerIdentifier(keys, config)), keys };
}

/** Runs the guard on one handler and one Authorization header; what the caller would get. */
async function call(
  handler: keyof Routes,
  authorization?: string,
  {
    adminKey = ADMIN_KEY as string | null,
    target = Routes as typeof Routes | typeof AdminRoutes,
  } = {},
): Promise<{
  allowed: boolean;
  status?: number;
  code?: string;
  error?: unknown;
  principal?: Principal;
}> {
  const req = request(authorization);
  const { guard } = guardWith(adminKey);
  try {
    const allowed = await guard.canActivate(contextFor(target, handler, req));
    return { allowed, principal: req.principal };
  } catch (error) {
    const { statusCode, code } = toErrorBody(error);
    return { allowed: false, status: statusCode, code, error };
  }
}

describe('AccessGuard', () => {
  it('lets anyone call a public handler, as anonymous', async () => {
    expect(await call('open')).toEqual({
      allowed: true,
      principal: { kind: 'anonymous', label: 'anonymous', requestId: 'req-1' },
    });
  });

  it('lets the bootstrap admin key call an admin handler, and records who called', async () => {
    const result = await call('admin', `Bearer ${ADMIN_KEY}`);
    expect(result).toEqual({
      allowed: true,
      principal: { kind: 'admin', label: 'bootstrap-admin', requestId: 'req-1' },
    });
    expect((await call('admin', `bearer ${ADMIN_KEY}`)).allowed).toBe(true);
  });

  it("lets a member's key call what its role may, and no more", async () => {
    expect(await call('members', `Bearer ${REVIEWER_KEY}`)).toMatchObject({
      allowed: true,
      principal: { kind: 'reviewer' },
    });
    const refused = await call('admin', `Bearer ${REVIEWER_KEY}`);
    expect(refused).toMatchObject({ allowed: false, status: 403, code: 'forbidden' });
    expect(refused.error).toBeInstanceOf(Forbidden);
  });

  it('answers 401 to a guarded handler called without a key', async () => {
    const result = await call('admin');
    expect(result).toMatchObject({ allowed: false, status: 401, code: 'unauthenticated' });
    expect(result.error).toBeInstanceOf(Unauthenticated);
  });

  it.each([
    ['an unknown key', `Bearer ${ADMIN_KEY}x`],
    ['a prefix of the admin key', `Bearer ${ADMIN_KEY.slice(0, -1)}`],
    ['an empty bearer', 'Bearer '],
    ['another scheme', `Basic ${ADMIN_KEY}`],
    ['a bare key', ADMIN_KEY],
    ['two tokens', `Bearer ${ADMIN_KEY} ${ADMIN_KEY}`],
  ])('answers 401 to %s, on guarded and public handlers alike', async (_, header) => {
    for (const handler of ['admin', 'open'] as const) {
      const result = await call(handler, header);
      expect(result).toMatchObject({ allowed: false, status: 401 });
      expect(result.error).toBeInstanceOf(Unauthenticated);
    }
  });

  it('names the expected header format when the header is malformed', async () => {
    const { error } = await call('open', 'Token abc');
    expect((error as Error).message).toBe('The Authorization header must read: Bearer <key>');
  });

  it('knows no bootstrap key when none is configured', async () => {
    expect(await call('admin', `Bearer ${ADMIN_KEY}`, { adminKey: null })).toMatchObject({
      allowed: false,
      status: 401,
    });
  });

  it('answers 403 to a handler that declares no rule, even for the admin', async () => {
    for (const header of [undefined, `Bearer ${ADMIN_KEY}`]) {
      const result = await call('undeclared', header);
      expect(result).toMatchObject({ allowed: false, status: 403, code: 'forbidden' });
      expect((result.error as Error).message).toBe(
        'This endpoint declares no access rule and is closed',
      );
    }
  });

  it("takes the class's rule unless the handler declares its own", async () => {
    const inherited = await call('inherited' as keyof Routes, undefined, { target: AdminRoutes });
    expect(inherited).toMatchObject({ allowed: false, status: 401 });
    const overridden = await call('overridden' as keyof Routes, undefined, { target: AdminRoutes });
    expect(overridden.allowed).toBe(true);
  });

  it('guards GraphQL fields the same way, looking a key up once per request', async () => {
    const { guard, keys } = guardWith();
    const req = request(`Bearer ${REVIEWER_KEY}`);
    expect(await guard.canActivate(contextFor(Routes, 'members', req, 'graphql'))).toBe(true);
    expect(await guard.canActivate(contextFor(Routes, 'open', req, 'graphql'))).toBe(true);
    await expect(guard.canActivate(contextFor(Routes, 'admin', req, 'graphql'))).rejects.toThrow(
      Forbidden,
    );
    expect(req.principal?.kind).toBe('reviewer');
    expect(keys.lookups).toBe(1);
  });
});
