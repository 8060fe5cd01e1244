import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { WebhookSettings } from '../config/app-config.js';
import { UrlPolicy } from './url-policy.js';

export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status, or null when none came (refused, timed out, address not allowed). */
  status: number | null;
  error: string | null;
  latencyMs: number;
}

/** How much of a receiver's answer is kept in the delivery log. */
const ERROR_TEXT = 300;

/**
 * Sends one signed webhook (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature
 * with HMAC-SHA256, one signature per secret in use while a rotated one is still honoured). Any
 * 2xx is success; redirects are not followed.
 */
export class WebhookSender {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly policy: UrlPolicy,
    /** Connections to one receiver at most: the posts the dispatcher may have in flight. */
    maxSockets: number,
  ) {
    const agent = { keepAlive: true, maxSockets, lookup: policy.lookup };
    this.http = new HttpAgent(agent);
    this.https = new HttpsAgent(agent);
  }

  /** The signature header for a message: one `v1,…` per secret, separated by spaces. */
  static sign(secrets: readonly string[], id: string, at: Date, body: string): string {
    return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
  }

  async send(
    url: string,
    secrets: readonly string[],
    id: string,
    body: string,
    signal?: AbortSignal,
  ): Promise<SendResult> {
    const started = performance.now();
    const done = (status: number | null, error: string | null): SendResult => ({
      ok: status !== null && status >= 200 && status < 300,
      status,
      error,
      latencyMs: Math.round(performance.now() - started),
    });
    const problem = this.policy.problem(url);
    if (problem) return done(null, `url ${problem}`);
    const at = new Date();
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<SendResult>((resolve) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.https : this.http,
          timeout: this.settings.timeoutMs,
          signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'impunity-tracker-webhooks/1',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': WebhookSender.sign(secrets, id, at, body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < ERROR_TEXT) text += chunk;
          });
          res.on('end', () => {
            const status = res.statusCode ?? null;
            const ok = status !== null && status >= 200 && status < 300;
            resolve(
              done(
                status,
                ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, ERROR_TEXT)}` : ''}`,
              ),
            );
          });
          res.on('error', (error) => resolve(done(res.statusCode ?? null, error.message)));
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)),
      );
      req.on('error', (error) => resolve(done(null, error.message)));
      req.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
