import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TranslationDto } from './dto/translation.dto.js';

const TRANSLATION_COLUMNS = `language, description, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Incidents' description languages and translations. */
@Injectable()
export class TranslationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The original description and its language; undefined when the incident does not exist. */
  async original(
    incidentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ language: string | null; description: string | null } | undefined> {
    const rows: { language: string | null; description: string | null }[] = await manager.query(
      `SELECT description_language AS language, description FROM incidents WHERE id = $1`,
      [incidentId],
    );
    return rows[0];
  }

  translations(incidentId: string): Promise<TranslationDto[]> {
    return this.dataSource.query(
      `SELECT ${TRANSLATION_COLUMNS} FROM incident_translations WHERE incident_id = $1 ORDER BY language`,
      [incidentId],
    );
  }

  /** Adds the translation, or replaces the one in that language; returns it with what it replaced. */
  async upsert(
    manager: EntityManager,
    incidentId: string,
    language: string,
    description: string,
    createdBy: string,
  ): Promise<{ before: TranslationDto | undefined; after: TranslationDto }> {
    const [before]: TranslationDto[] = await manager.query(
      `SELECT ${TRANSLATION_COLUMNS} FROM incident_translations WHERE incident_id = $1 AND language = $2 FOR UPDATE`,
      [incidentId, language],
    );
    const [after]: TranslationDto[] = await manager.query(
      `INSERT INTO incident_translations (incident_id, language, description, created_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (incident_id, language)
         DO UPDATE SET description = EXCLUDED.description, created_by = EXCLUDED.created_by, updated_at = now()
       RETURNING ${TRANSLATION_COLUMNS}`,
      [incidentId, language, description, createdBy],
    );
    return { before, after };
  }

  async setLanguage(manager: EntityManager, incidentId: string, language: string): Promise<void> {
    await manager.query(
      `UPDATE incidents SET description_language = $2, updated_at = now() WHERE id = $1`,
      [incidentId, language],
    );
  }
}
