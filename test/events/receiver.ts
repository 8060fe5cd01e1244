import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed body. */
  json: { type: string; timestamp: string; data: Record<string, unknown> & { eventId: string } };
  at: number;
}

/**
 * A webhook receiver in the test process: records what it acknowledges (2xx), and can be told to
 * fail (HTTP 500), to refuse connections (stopped), or to hold requests without answering.
 */
export class Receiver {
  readonly received: Received[] = [];
  /** Every request, acknowledged or not. */
  requests = 0;
  mode: 'ok' | 'fail' | 'hold' | 'gone' = 'ok';
  private readonly held: (() => void)[] = [];
  private server: Server | null = null;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        this.requests += 1;
        const answer = () => {
          if (this.mode === 'fail') return void res.writeHead(500).end('down for maintenance');
          if (this.mode === 'gone') return void res.writeHead(410).end();
          this.received.push({
            path: req.url ?? '',
            headers: req.headers,
            body,
            json: JSON.parse(body),
            at: Date.now(),
          });
          res.writeHead(204).end();
        };
        if (this.mode === 'hold') this.held.push(answer);
        else answer();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers the held requests as the current mode says. */
  releaseHeld(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  /** Forgets the held requests unanswered (their sender is gone). */
  dropHeld(): void {
    this.held.splice(0);
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Those received on one path (one subscription each). */
  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.releaseHeld();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = null;
  }
}

/** Polls until `check` holds, or fails with what it last saw. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!check(value)) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last: ${JSON.stringify(value)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 25));
    value = await probe();
  }
  return value;
}
