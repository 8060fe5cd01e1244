import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CitationRow {
  id: string;
  figure: string;
  query: Record<string, unknown>;
  result: object;
  definition: { name: string; version: string; description: string };
  revision: string;
  releaseVersion: string | null;
  createdAt: Date;
}

/** Frozen citations; the table refuses UPDATE and DELETE. */
@Injectable()
export class CitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a citation unless the same content was frozen before (same content, same id). */
  async insert(row: Omit<CitationRow, 'createdAt'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO citations (id, figure, query, result, definition, revision, release_version) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [row.id, row.figure, row.query, row.result, row.definition, row.revision, row.releaseVersion],
    );
  }

  async find(id: string): Promise<CitationRow | undefined> {
    const rows: CitationRow[] = await this.dataSource.query(
      `SELECT id, figure, query, result, definition, revision::text AS revision, release_version AS "releaseVersion", created_at AS "createdAt" FROM citations WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}
