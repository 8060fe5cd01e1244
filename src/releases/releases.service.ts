import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { create as contentDisposition } from 'content-disposition';
import { ANONYMOUS, type Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { todayIso } from '../common/errors/problems.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { AppConfig } from '../config/app-config.js';
import type { FigureDto } from '../statistics/dto/figure.dto.js';
import { AnyFigureQuery, StatisticsService } from '../statistics/statistics.service.js';
import { archiveSize, releaseArchive } from './release-archive.js';
import {
  buildRelease,
  DESCRIPTOR,
  FigureRow,
  ReleaseMeta,
  ReleaseSink,
} from './release-builder.js';
import { ReleaseSigning } from './release-signing.js';
import { ChecksumSink, DatabaseSink } from './release-sinks.js';
import {
  DataChangedDuringRelease,
  RebuildAtOtherRevision,
  ReleaseExists,
  ReleaseFileNotFound,
  ReleaseNotFound,
} from './releases.errors.js';
import { ReleaseFileRow, ReleaseRow, ReleasesRepository } from './releases.repository.js';
import { CreateReleaseInput, ListReleasesQuery } from './dto/release.input.js';
import { ReleaseDto, ReleasePageDto, ReleaseRebuildDto } from './dto/release.dto.js';

/** A file ready to send: headers, and a body unless the client's copy is current. */
export interface ReleaseDownload {
  status: 200 | 304;
  headers: Record<string, string>;
  body?: Readable;
}

/** The headline figures a release carries, each on the release's data date. */
const HEADLINE_FIGURES: { name: Parameters<StatisticsService['figure']>[0]; groupBy?: string[] }[] =
  [
    { name: 'killings', groupBy: ['year'] },
    { name: 'unresolved_ratio' },
    { name: 'impunity_share' },
  ];
const ATTEMPTS = 3;

/** Raised inside a build when the data moved on since the figures were computed. */
class RevisionMoved extends Error {}

const cell = (value: number | null | undefined) =>
  value === null || value === undefined ? null : String(value);

/**
 * Releases: immutable, signed Frictionless Data Packages of the public data at one dataset
 * revision. Made by administrators; read by anyone.
 */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly releases: ReleasesRepository,
    private readonly signing: ReleaseSigning,
    private readonly statistics: StatisticsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Builds and stores a release at the current revision. The figures are computed first; the data
   * is then read in one snapshot, which must be at the same revision (else the build is retried,
   * so a release never pairs figures with other data).
   */
  async create(input: CreateReleaseInput, actor: Principal): Promise<ReleaseDto> {
    const key = await this.signing.signingKey();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { revision, dataDate } = await this.releases.currentRevision();
      const figures = await this.figures(dataDate, revision);
      if (!figures) continue;
      try {
        const version = await this.releases.inTransaction(true, async (tx) => {
          await tx.lockReleases();
          const now = await tx.revision();
          if (now.revision !== revision) throw new RevisionMoved();
          const version = input.version ?? (await this.nextVersion((v) => tx.versionTaken(v)));
          if (await tx.versionTaken(version)) throw new ReleaseExists(version);
          const meta: ReleaseMeta = {
            version,
            title: input.title ?? `Impunity case tracker data, release ${version}`,
            licence: input.licence ?? this.config.releaseLicense,
            revision,
            dataDate,
            changedAt: now.changedAt,
          };
          const built = await buildRelease(tx, meta, figures, key, new DatabaseSink(tx, version));
          for (const file of built.files) await tx.insertFile(version, file);
          await tx.insertRelease({
            version,
            title: meta.title,
            revision,
            dataDate,
            licence: meta.licence,
            signingKeyId: key.id,
            manifestSha256: built.manifestSha256,
            publishedBy: actor.label,
          });
          return version;
        });
        return this.get(version);
      } catch (error) {
        if (!(error instanceof RevisionMoved)) throw error;
      }
    }
    throw new DataChangedDuringRelease();
  }

  /**
   * Builds a release again from the database, into `sink` (checksums only by default), and
   * compares every file with the stored one. Possible while the data is at the release's revision.
   */
  async rebuild(
    version: string,
    sink: ReleaseSink = new ChecksumSink(),
  ): Promise<ReleaseRebuildDto> {
    const release = await this.find(version);
    const stored = await this.releases.files(version);
    const key = await this.signing.signingKey();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.releases.currentRevision();
      if (current.revision !== release.revision)
        throw new RebuildAtOtherRevision(version, release.revision, current.revision);
      const figures = await this.figures(release.dataDate, release.revision);
      if (!figures) continue;
      try {
        const built = await this.releases.inTransaction(false, async (tx) => {
          const now = await tx.revision();
          if (now.revision !== release.revision) throw new RevisionMoved();
          const meta: ReleaseMeta = {
            version,
            title: release.title,
            licence: release.licence,
            revision: release.revision,
            dataDate: release.dataDate,
            changedAt: now.changedAt,
          };
          return buildRelease(tx, meta, figures, key, sink);
        });
        const files = stored.map((file) => {
          const rebuilt = built.files.find((f) => f.name === file.name);
          return {
            name: file.name,
            storedSha256: file.sha256,
            rebuiltSha256: rebuilt?.sha256 ?? null,
            identical: rebuilt?.sha256 === file.sha256 && rebuilt.size === file.size,
          };
        });
        return {
          version,
          identical: files.every((f) => f.identical) && built.files.length === stored.length,
          files,
        };
      } catch (error) {
        if (!(error instanceof RevisionMoved)) throw error;
      }
    }
    throw new DataChangedDuringRelease();
  }

  async list(query: ListReleasesQuery): Promise<ReleasePageDto> {
    const limit = pageLimit(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor, ['text', 'text']) : undefined;
    if (after && Number.isNaN(Date.parse(String(after[0]))))
      throw InvalidInput.field('cursor', 'is not a cursor this API returned');
    const rows = await this.releases.list(
      limit + 1,
      after ? { publishedAt: String(after[0]), version: String(after[1]) } : undefined,
    );
    const result = page(rows, limit, (r) => [r.publishedAt.toISOString(), r.version], null);
    return {
      data: await Promise.all(result.data.map((row) => this.toDto(row))),
      pageInfo: result.pageInfo,
    };
  }

  /** A release's record; ReleaseNotFound naming the version otherwise. */
  async find(version: string): Promise<ReleaseRow> {
    const release = await this.releases.find(version);
    if (!release) throw new ReleaseNotFound(version);
    return release;
  }

  async get(version: string): Promise<ReleaseDto> {
    return this.toDto(await this.find(version));
  }

  /** A stored file, streamed slice by slice; its SHA-256 is its ETag. */
  async file(version: string, name: string, ifNoneMatch?: string): Promise<ReleaseDownload> {
    if (name === `${version}.tar`) return this.archive(version, ifNoneMatch);
    const release = await this.find(version);
    const file = (await this.releases.files(version)).find((f) => f.name === name);
    if (!file) throw new ReleaseFileNotFound(version, name);
    return this.download(
      release,
      `"${file.sha256}"`,
      file.size,
      file.mediaType,
      ifNoneMatch,
      () => Readable.from(this.slices(version, name)),
      name === DESCRIPTOR ? undefined : name,
    );
  }

  /** The whole release as a tar archive, written from the stored files as it is sent. */
  async archive(version: string, ifNoneMatch?: string): Promise<ReleaseDownload> {
    const release = await this.find(version);
    const files = await this.releases.files(version);
    return this.download(
      release,
      // The archive is a fixed function of the signed files, which the manifest's hash names.
      `"tar-${release.manifestSha256}"`,
      archiveSize(files),
      'application/x-tar',
      ifNoneMatch,
      () =>
        releaseArchive(version, files, new Date(`${release.dataDate}T00:00:00Z`), (name) =>
          this.slices(version, name),
        ),
      `${version}.tar`,
    );
  }

  /** The public key that signs new releases (PEM). */
  async publicKey(): Promise<{ id: string; pem: string }> {
    const key = await this.signing.signingKey();
    return { id: key.id, pem: key.publicKeyPem };
  }

  keyPem(id: string): Promise<string> {
    return this.signing.publicKey(id);
  }

  /** The first release at a revision, for a citation of a figure computed at it. */
  async atRevision(revision: string): Promise<{ version: string; url: string } | null> {
    const row = await this.releases.atRevision(revision);
    return row ? { version: row.version, url: this.url(row.version) } : null;
  }

  private download(
    release: ReleaseRow,
    etag: string,
    size: number,
    mediaType: string,
    ifNoneMatch: string | undefined,
    body: () => Readable,
    attachment: string | undefined,
  ): ReleaseDownload {
    const headers: Record<string, string> = {
      etag,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-release-version': release.version,
      'x-dataset-revision': release.revision,
    };
    const matches = (ifNoneMatch ?? '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === etag || t === '*');
    if (matches) return { status: 304, headers };
    return {
      status: 200,
      headers: {
        ...headers,
        'content-type': mediaType,
        'content-length': String(size),
        ...(attachment ? { 'content-disposition': contentDisposition(attachment) } : {}),
      },
      body: body(),
    };
  }

  private async *slices(version: string, name: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const slice = await this.releases.chunk(version, name, seq);
      if (!slice) return;
      yield slice;
    }
  }

  /** Today's date as YYYY.MM.DD, with .2, .3 … when that version is taken. */
  private async nextVersion(taken: (version: string) => Promise<boolean>): Promise<string> {
    const base = todayIso().replaceAll('-', '.');
    for (let n = 1; ; n++) {
      const version = n === 1 ? base : `${base}.${n}`;
      if (!(await taken(version))) return version;
    }
  }

  /** The headline figures on the data date, or undefined when one was computed at another revision. */
  private async figures(dataDate: string, revision: string): Promise<FigureRow[] | undefined> {
    const rows: FigureRow[] = [];
    for (const spec of HEADLINE_FIGURES) {
      const query = { asOf: dataDate, ...(spec.groupBy ? { groupBy: spec.groupBy } : {}) };
      const figure: FigureDto = await this.statistics.figure(
        spec.name,
        query as AnyFigureQuery,
        ANONYMOUS,
      );
      if (figure.revision !== revision) return undefined;
      const row = (
        group: string,
        f: Pick<FigureDto, 'value' | 'numerator' | 'denominator' | 'unknown'>,
      ) => [
        spec.name,
        figure.definition.version,
        group,
        cell(f.value),
        cell(f.numerator),
        cell(f.denominator),
        String(f.unknown),
        figure.asOf,
      ];
      rows.push(row('all', figure));
      for (const group of figure.groups ?? []) rows.push(row(JSON.stringify(group.key), group));
    }
    return rows;
  }

  private baseUrl(): string {
    return (
      this.config.publicBaseUrl ??
      `http://${this.config.host === '0.0.0.0' ? 'localhost' : this.config.host}:${this.config.port}`
    );
  }

  keyUrl(id: string): string {
    return `${this.baseUrl()}/api/v1/releases/keys/${id}.pem`;
  }

  url(version: string, file?: string): string {
    return `${this.baseUrl()}/api/v1/releases/${version}${file ? `/${file}` : ''}`;
  }

  private async toDto(row: ReleaseRow): Promise<ReleaseDto> {
    const files: ReleaseFileRow[] = await this.releases.files(row.version);
    return {
      version: row.version,
      title: row.title,
      revision: row.revision,
      dataDate: row.dataDate,
      licence: row.licence,
      publishedAt: row.publishedAt,
      url: this.url(row.version),
      signingKey: {
        id: row.signingKeyId,
        publicKeyPem: await this.signing.publicKey(row.signingKeyId),
        url: this.keyUrl(row.signingKeyId),
      },
      manifestSha256: row.manifestSha256,
      files: files.map((f) => ({
        name: f.name,
        mediaType: f.mediaType,
        size: f.size,
        sha256: f.sha256,
        url: this.url(row.version, f.name),
      })),
      archive: {
        name: `${row.version}.tar`,
        size: archiveSize(files),
        url: this.url(row.version, `${row.version}.tar`),
      },
    };
  }
}
