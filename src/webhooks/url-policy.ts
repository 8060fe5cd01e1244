import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Whether an address is on the public internet (not loopback, private, link-local, reserved…). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Where webhooks may go: http(s) URLs without credentials, whose host is not loopback or a
 * private or reserved address, unless the WEBHOOK_ALLOW_PRIVATE_URLS setting allows them. Names
 * are checked again when they are resolved for each connection, so a name that later points
 * inside the network is refused too.
 */
export class UrlPolicy {
  constructor(private readonly allowPrivate: boolean) {}

  /** What is wrong with a URL, or null when deliveries may go there. */
  problem(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'must be an absolute http(s) URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return 'must be an http or https URL';
    if (parsed.username || parsed.password) return 'must not hold a user name or password';
    if (this.allowPrivate) return null;
    const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local'))
      return 'must not point at this machine or the local network';
    if (ipaddr.isValid(host) && !isPublicAddress(host))
      return 'must not point at a loopback, private or reserved address';
    return null;
  }

  /** A resolver for outgoing connections that refuses names resolving to non-public addresses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const allowed = this.allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0)
        return callback(
          Object.assign(new Error(`${hostname} resolves to no public address`), {
            code: 'ENOTPUBLIC',
          }),
          '',
          0,
        );
      if ((options as { all?: boolean }).all)
        return (callback as never as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
