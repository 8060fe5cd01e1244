import type { Principal } from './principal.js';

/**
 * Finds the member behind an API key. Implemented by the members module; declared here so that the
 * access guard does not depend on a domain module.
 */
export abstract class KeyResolver {
  /** The key's holder; throws Unauthenticated for an unknown, revoked or expired key. */
  abstract resolve(key: string): Promise<Principal>;
}
