import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import { CasesService } from '../cases/cases.service.js';
import { AppConfig } from '../config/app-config.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { CaseFeedQuery, ReviewFeedQuery } from './dto/feed.query.js';
import { FeedsRepository } from './feeds.repository.js';
import { ReviewFeedKeysService } from './review-feed-keys.service.js';

/** Entries in one feed document. */
const ENTRIES = 50;

export interface FeedDocument {
  /** Null when the client's copy (If-None-Match) is current. */
  xml: string | null;
  etag: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The query string as given, sorted, for ids and self links. */
function canonicalQuery(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))
    if (value !== undefined && value !== null && key !== 'key') params.set(key, String(value));
  return params.toString();
}

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined &&
  ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);

/**
 * Atom feeds: newly recorded cases and status changes for anyone (published data only, the
 * case list's filters, an ETag by dataset revision), and the review queue for reviewers through a
 * feed key.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly feeds: FeedsRepository,
    private readonly caseList: CasesService,
    private readonly proposals: ProposalsService,
    private readonly keys: ReviewFeedKeysService,
    private readonly config: AppConfig,
  ) {}

  private get base(): string {
    return this.config.publicBaseUrl ?? `http://${this.config.host}:${this.config.port}`;
  }

  async newCases(query: CaseFeedQuery, ifNoneMatch?: string): Promise<FeedDocument> {
    await this.caseList.validateFilter(query);
    const { revision, changedAt } = await this.feeds.revision();
    const search = canonicalQuery(query);
    const etag = `"cases-${revision}-${digest(search)}"`;
    if (matches(ifNoneMatch, etag)) return { xml: null, etag };
    const rows = await this.feeds.recentCases(query, ENTRIES);
    const feed = this.feed(
      'cases',
      search,
      'Newly recorded cases',
      query,
      rows[0]?.createdAt ?? changedAt,
    );
    for (const c of rows) {
      const url = `${this.base}/cases/${c.id}`;
      feed.addItem({
        id: url,
        link: url,
        title: `${c.fullName}: ${c.outcome} in ${c.countryName}${c.dateStart ? ` on ${c.dateStart}` : ''}`,
        date: new Date(c.createdAt),
        description: `${c.outcome} (${c.attackTypes.join(', ') || 'attack type not recorded'}), ${c.place ? `${c.place}, ` : ''}${c.countryName}; recorded ${new Date(c.createdAt).toISOString().slice(0, 10)}`,
        category: [{ term: c.countryCode }, ...c.attackTypes.map((term) => ({ term }))],
      });
    }
    return { xml: feed.atom1(), etag };
  }

  async statusChanges(query: CaseFeedQuery, ifNoneMatch?: string): Promise<FeedDocument> {
    await this.caseList.validateFilter(query);
    const { revision, changedAt } = await this.feeds.revision();
    const search = canonicalQuery(query);
    const etag = `"status-changes-${revision}-${digest(search)}"`;
    if (matches(ifNoneMatch, etag)) return { xml: null, etag };
    const rows = await this.feeds.statusChanges(query, ENTRIES);
    const feed = this.feed(
      'status-changes',
      search,
      'Judicial status changes',
      query,
      rows[0]?.recordedAt ?? changedAt,
    );
    for (const s of rows) {
      const url = `${this.base}/cases/${s.caseId}`;
      feed.addItem({
        id: `${url}#status-${s.id}`,
        link: url,
        title: `${s.fullName} (${s.countryName}): ${s.scheme} status ${s.status.replace(/_/g, ' ')}`,
        date: new Date(s.recordedAt),
        description: `${s.scheme} status ${s.status} from ${s.effectiveDate}, reported by ${s.reportedBy}${s.source ? `; source: ${s.source}` : ''}`,
        category: [{ term: s.countryCode }, { term: `${s.scheme}:${s.status}` }],
      });
    }
    return { xml: feed.atom1(), etag };
  }

  /** Proposals waiting for review that the key's holder may see, newest first. */
  async reviewQueue(query: ReviewFeedQuery, ifNoneMatch?: string): Promise<FeedDocument> {
    const viewer = await this.keys.resolve(query.key);
    const page = await this.proposals.list(
      {
        status: 'pending',
        organisationId: query.organisation,
        country: query.country,
        limit: ENTRIES,
      },
      viewer,
    );
    const search = canonicalQuery({ organisation: query.organisation, country: query.country });
    const newest = page.data.reduce<Date | null>(
      (latest, p) => (latest && latest > new Date(p.createdAt) ? latest : new Date(p.createdAt)),
      null,
    );
    const feed = this.feed(
      'review-queue',
      search,
      'Proposals waiting for review',
      query,
      newest ?? new Date(0),
    );
    for (const p of page.data) {
      const url = `${this.base}/api/v1/proposals/${p.id}`;
      feed.addItem({
        id: url,
        link: url,
        title: `${p.kind.replace(/_/g, ' ')} proposed by ${p.organisationName ?? p.submittedBy}${p.countryCode ? ` (${p.countryCode})` : ''}`,
        date: new Date(p.createdAt),
        description: `${p.note ?? ''} Evidence: ${p.evidenceLinks.join(' ')}`.trim(),
        category: p.countryCode ? [{ term: p.countryCode }] : [],
      });
    }
    const xml = feed.atom1();
    const etag = `"review-queue-${digest(xml)}"`;
    return { xml: matches(ifNoneMatch, etag) ? null : xml, etag };
  }

  private feed(
    kind: string,
    search: string,
    title: string,
    query: { country?: string; attackType?: string; region?: string },
    updated: Date,
  ): Feed {
    const self = `${this.base}/feeds/${kind}.atom${search ? `?${search}` : ''}`;
    const scope = [query.country, query.region, query.attackType].filter(Boolean).join(', ');
    return new Feed({
      id: self,
      title: `${title}${scope ? ` (${scope})` : ''} — Impunity case tracker`,
      updated: new Date(updated),
      link: `${this.base}/`,
      feedLinks: { atom: self },
      generator: 'Impunity case tracker',
      author: { name: 'Impunity case tracker', link: `${this.base}/` },
      copyright: 'Data of the Impunity case tracker',
      language: 'en',
    });
  }
}
