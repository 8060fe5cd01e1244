// Identity and change detection: what makes two records the same content (contentHash), which
// stored identity a record of a file is (its key, the same CPJ record with or without its date,
// our own cases never imported), and what an update needs of the record stored before.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { todayIso } from '../common/errors/problems.js';
import { ExportsRepository } from '../exports/exports.repository.js';
import { canonicalRecord } from './formats/canonical.format.js';
import type { FormatContext } from './formats/import-format.js';
import type { CaseRecord, SourceName } from './import-record.js';
import { ExistingSource, ImportSourcesRepository } from './import-sources.repository.js';

@Injectable()
export class CaseIdentities {
  constructor(
    private readonly sources: ImportSourcesRepository,
    private readonly exports: ExportsRepository,
  ) {}

  /**
   * A CPJ record new under its key that was imported before with or without its date (the data
   * API gives the year, the legacy export the day): the same record, kept under the stored key.
   * Only where one record of the file meets one stored record.
   */
  async matchUndated(
    manager: EntityManager,
    batch: CaseRecord[],
    existing: Map<string, ExistingSource>,
    aliased: Set<string>,
  ): Promise<void> {
    const missing = batch.filter((r) => !existing.has(r.key));
    const found = await this.sources.sameUndatedIdentity(
      manager,
      missing.map((r) => r.key),
    );
    const claims = new Map<string, number>();
    for (const match of found.values()) claims.set(match.key, (claims.get(match.key) ?? 0) + 1);
    for (const record of missing) {
      const match = found.get(record.key);
      if (!match || claims.get(match.key)! > 1 || aliased.has(match.key)) continue;
      if (batch.some((r) => r.key === match.key)) continue;
      aliased.add(match.key);
      record.key = match.key;
      existing.set(match.key, match);
    }
  }

  /**
   * The person, incident and stored record of the cases whose content changed (an update writes
   * them, keeps the country when the file leaves it open, audits the record before): read only
   * for those, since most are unchanged.
   */
  async readChangedRecords(
    manager: EntityManager,
    source: SourceName,
    batch: CaseRecord[],
    hashes: string[],
    existing: Map<string, ExistingSource>,
  ): Promise<void> {
    const changed = batch
      .map((r) => r.key)
      .filter((key, i) => {
        const before = existing.get(key);
        return before?.caseId && before.contentHash !== hashes[i] && before.record === undefined;
      });
    const stored = await this.sources.storedRecords(manager, source, changed);
    for (const key of changed) Object.assign(existing.get(key)!, stored.get(key));
  }

  /**
   * Our own cases that exist but were never imported (created through the API, or the database
   * an export came from): they count as existing, with their current content as the hash.
   */
  async addTrackerCases(
    manager: EntityManager,
    batch: CaseRecord[],
    existing: Map<string, ExistingSource>,
  ): Promise<void> {
    const missing = batch.filter((r) => !existing.has(r.key)).map((r) => r.ids!.caseId);
    if (missing.length === 0) return;
    const rows = await this.exports.canonicalByIds(missing, manager);
    const context: FormatContext = {
      countries: await this.sources.countries(manager),
      statusDate: todayIso(),
    };
    for (const row of rows) {
      const result = canonicalRecord(row as unknown as Record<string, unknown>, 0, context);
      if ('reject' in result) continue;
      existing.set(result.record.key, {
        key: result.record.key,
        caseId: row.caseId,
        personId: row.personId,
        incidentId: row.incidentId,
        contentHash: contentHash(result.record),
        record: result.record,
      });
    }
  }
}

/** What identifies a record's content: not where it was in the file, nor how it was decoded. */
export function contentHash(record: CaseRecord): string {
  const statuses =
    record.source === 'cpj'
      ? record.statuses.map((s) => ({ scheme: s.scheme, status: s.status }))
      : record.statuses;
  // The record's fields in their order, without rows, flags and a held record's candidates (copied rather than deleted:
  // an object that lost properties is slow to serialise).
  const content: Record<string, unknown> = {};
  for (const key in record)
    if (key !== 'rows' && key !== 'flags' && key !== 'candidates')
      content[key] = key === 'statuses' ? statuses : record[key as keyof CaseRecord];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * A record whose label does not settle its country, with the country the existing case has (and
 * the flags that said how it was decided), so that the rest of it can update the case.
 */
export function keepCountry(record: CaseRecord, existing: CaseRecord): CaseRecord {
  const decided = existing.flags.filter((f) => f.startsWith('country_decided:'));
  return {
    ...record,
    incident: { ...record.incident, countryCode: existing.incident.countryCode },
    flags: [...new Set([...record.flags, ...decided])],
    heldFor: null,
  };
}

/** A record as the audit trail keeps it. */
export function stripForAudit(record: CaseRecord | null): object | null {
  if (!record) return null;
  const rest: Record<string, unknown> = {};
  for (const key in record) if (key !== 'rows') rest[key] = record[key as keyof CaseRecord];
  return rest;
}
