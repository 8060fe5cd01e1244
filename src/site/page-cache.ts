import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { etagMatches } from '../statistics/conditional-reply.js';
import { StatisticsRepository } from '../statistics/statistics.repository.js';

export interface CachedPage {
  etag: string;
  body: Buffer;
  contentType: string;
}

/** What a page lookup found: the client's copy is current, a stored page, or nothing yet. */
export type PageLookup =
  | { kind: 'not-modified'; etag: string }
  | { kind: 'hit'; page: CachedPage }
  | { kind: 'miss'; etag: string; store: (body: Buffer, contentType: string) => CachedPage };

/**
 * Rendered public pages by dataset revision, language and URL. Every page shows public data only,
 * so one copy serves every reader of that language; a write advances the revision, which changes
 * every ETag and leaves older copies unreachable (the LRU drops them).
 */
@Injectable()
export class PageCache {
  private readonly pages = new LRUCache<string, CachedPage>({
    max: 5_000,
    maxSize: 128 * 1024 * 1024,
    sizeCalculation: (page, key) => page.body.length + key.length,
  });

  constructor(private readonly statistics: StatisticsRepository) {}

  async lookup(
    language: string,
    url: string,
    ifNoneMatch: string | undefined,
  ): Promise<PageLookup> {
    const revision = await this.statistics.currentRevision();
    const key = `${revision}|${language}|${url}`;
    const etag = `"p${revision}-${createHash('sha256').update(`${language}|${url}`).digest('base64url').slice(0, 16)}"`;
    if (etagMatches(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    const page = this.pages.get(key);
    if (page) return { kind: 'hit', page };
    return {
      kind: 'miss',
      etag,
      store: (body, contentType) => {
        const stored = { etag, body, contentType };
        this.pages.set(key, stored);
        return stored;
      },
    };
  }
}
