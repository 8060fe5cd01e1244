import type { FastifyReply } from 'fastify';

/**
 * The site's Content-Security-Policy: everything from this origin only (readers' safety: no
 * CDN, font or analytics request ever leaves for another host), no inline script or style,
 * forms posted here only.
 */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
];

/** Headers of a site page: pages may not be framed; embeds may be framed by anyone. */
export function siteHeaders(reply: FastifyReply, framing: 'deny' | 'any'): FastifyReply {
  reply.header(
    'Content-Security-Policy',
    [...POLICY, `frame-ancestors ${framing === 'deny' ? "'none'" : '*'}`].join('; '),
  );
  if (framing === 'deny') reply.header('X-Frame-Options', 'DENY');
  else {
    reply.removeHeader('X-Frame-Options');
    reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  return reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
}
