import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

export interface ReleaseRow {
  version: string;
  title: string;
  revision: string;
  dataDate: string;
  licence: string;
  signingKeyId: string;
  manifestSha256: string;
  publishedBy: string;
  publishedAt: Date;
}

export interface ReleaseFileRow {
  name: string;
  position: number;
  mediaType: string;
  sha256: string;
  size: number;
}

export interface SigningKeyRow {
  id: string;
  publicKeyPem: string;
  privateKeyPem: string | null;
}

/** Rows read from a cursor, a batch at a time (text cells, in the query's column order). */
export type RowBatch = (string | null)[][];

/**
 * One transaction on one connection for building a release: the data read in a single snapshot
 * (repeatable read) and, when the release is stored, its files written in the same transaction, so
 * a release appears whole or not at all and no second connection is ever waited for.
 */
export class ReleaseTransaction {
  constructor(private readonly client: PoolClient) {}

  async revision(): Promise<{ revision: string; dataDate: string; changedAt: string }> {
    const { rows } = await this.client.query<{
      revision: string;
      dataDate: string;
      changedAt: string;
    }>(
      `SELECT revision::text AS revision, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "dataDate",
              to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "changedAt"
         FROM dataset_revision`,
    );
    return rows[0];
  }

  /** Reads a query's rows through a server-side cursor, `batch` rows at a time. */
  async eachBatch(
    sql: string,
    params: unknown[],
    batch: number,
    onBatch: (rows: RowBatch) => Promise<void>,
  ): Promise<void> {
    await this.client.query(`DECLARE release_rows NO SCROLL CURSOR FOR ${sql}`, params);
    try {
      for (;;) {
        const { rows } = await this.client.query<(string | null)[]>({
          text: `FETCH ${batch} FROM release_rows`,
          rowMode: 'array',
        });
        if (rows.length === 0) break;
        await onBatch(rows);
      }
    } finally {
      await this.client.query(`CLOSE release_rows`);
    }
  }

  async versionTaken(version: string): Promise<boolean> {
    const { rows } = await this.client.query(`SELECT 1 FROM releases WHERE version = $1`, [
      version,
    ]);
    return rows.length > 0;
  }

  /** Serialises the releases being made, so that two requests never race for one version. */
  async lockReleases(): Promise<void> {
    await this.client.query(`SELECT pg_advisory_xact_lock(hashtext('tracker.releases'))`);
  }

  async insertRelease(row: Omit<ReleaseRow, 'publishedAt'>): Promise<void> {
    await this.client.query(
      `INSERT INTO releases (version, title, revision, data_date, licence, signing_key_id, manifest_sha256, published_by)
       VALUES ($1, $2, $3::bigint, $4::date, $5, $6, $7, $8)`,
      [
        row.version,
        row.title,
        row.revision,
        row.dataDate,
        row.licence,
        row.signingKeyId,
        row.manifestSha256,
        row.publishedBy,
      ],
    );
  }

  async insertChunk(version: string, name: string, seq: number, content: Buffer): Promise<void> {
    await this.client.query(
      `INSERT INTO release_file_chunks (version, name, seq, content) VALUES ($1, $2, $3, $4)`,
      [version, name, seq, content],
    );
  }

  async insertFile(version: string, file: ReleaseFileRow): Promise<void> {
    await this.client.query(
      `INSERT INTO release_files (version, name, position, media_type, sha256, size) VALUES ($1, $2, $3, $4, $5, $6)`,
      [version, file.name, file.position, file.mediaType, file.sha256, file.size],
    );
  }
}

const RELEASE_COLUMNS = `version, title, revision::text AS revision, to_char(data_date, 'YYYY-MM-DD') AS "dataDate", licence,
  signing_key_id AS "signingKeyId", manifest_sha256 AS "manifestSha256", published_by AS "publishedBy", published_at AS "publishedAt"`;

/** Releases, their files (stored in slices) and the keys that sign them. */
@Injectable()
export class ReleasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one repeatable-read transaction; `commit` false rolls back (a dry build). */
  async inTransaction<T>(
    commit: boolean,
    work: (tx: ReleaseTransaction) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner('master');
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const result = await work(new ReleaseTransaction(client));
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  async currentRevision(): Promise<{ revision: string; dataDate: string }> {
    const rows: { revision: string; dataDate: string }[] = await this.dataSource.query(
      `SELECT revision::text AS revision, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "dataDate" FROM dataset_revision`,
    );
    return rows[0];
  }

  /** Newest first; `after` is the last row of the previous page. */
  list(limit: number, after?: { publishedAt: string; version: string }): Promise<ReleaseRow[]> {
    return this.dataSource.query(
      `SELECT ${RELEASE_COLUMNS} FROM releases
        WHERE $2::timestamptz IS NULL OR (published_at, version) < ($2::timestamptz, $3::text)
        ORDER BY published_at DESC, version DESC LIMIT $1`,
      [limit, after?.publishedAt ?? null, after?.version ?? null],
    );
  }

  async find(version: string): Promise<ReleaseRow | undefined> {
    const rows: ReleaseRow[] = await this.dataSource.query(
      `SELECT ${RELEASE_COLUMNS} FROM releases WHERE version = $1`,
      [version],
    );
    return rows[0];
  }

  /** The first release made at this revision, if any (a citation of a figure at it names it). */
  async atRevision(revision: string): Promise<ReleaseRow | undefined> {
    const rows: ReleaseRow[] = await this.dataSource.query(
      `SELECT ${RELEASE_COLUMNS} FROM releases WHERE revision = $1::bigint ORDER BY published_at, version LIMIT 1`,
      [revision],
    );
    return rows[0];
  }

  files(version: string): Promise<ReleaseFileRow[]> {
    return this.dataSource.query(
      `SELECT name, position, media_type AS "mediaType", sha256, size::float8 AS size
         FROM release_files WHERE version = $1 ORDER BY position`,
      [version],
    );
  }

  /** One slice of a stored file; undefined past its end. */
  async chunk(version: string, name: string, seq: number): Promise<Buffer | undefined> {
    const rows: { content: Buffer }[] = await this.dataSource.query(
      `SELECT content FROM release_file_chunks WHERE version = $1 AND name = $2 AND seq = $3`,
      [version, name, seq],
    );
    return rows[0]?.content;
  }

  async generatedKey(): Promise<SigningKeyRow | undefined> {
    const rows: SigningKeyRow[] = await this.dataSource.query(
      `SELECT id, public_key_pem AS "publicKeyPem", private_key_pem AS "privateKeyPem"
         FROM release_signing_keys WHERE generated`,
    );
    return rows[0];
  }

  /** Records a key; the generated one only if none exists yet (the caller reads it back). */
  async insertKey(key: SigningKeyRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO release_signing_keys (id, public_key_pem, private_key_pem, generated)
       VALUES ($1, $2, $3::text, $3::text IS NOT NULL) ON CONFLICT DO NOTHING`,
      [key.id, key.publicKeyPem, key.privateKeyPem],
    );
  }

  async key(id: string): Promise<SigningKeyRow | undefined> {
    const rows: SigningKeyRow[] = await this.dataSource.query(
      `SELECT id, public_key_pem AS "publicKeyPem", NULL AS "privateKeyPem" FROM release_signing_keys WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}
