// The bulk writer: sorts a batch of records into new, changed, unchanged and held against their
// stored identities, then writes it (new cases in bulk, changed cases one by one with the status
// entries their change makes, identities, audit entries) in the import's transaction.
import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { newId } from '../database/new-id.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { ATTACHED_FLAG, CaseAttacher } from './case-attacher.js';
import { CaseIdentities, contentHash, keepCountry, stripForAudit } from './case-identities.js';
import { CaseWritesRepository, NewCase } from './case-writes.repository.js';
import type { FormatContext } from './formats/import-format.js';
import type { CaseRecord, ImportFormat } from './import-record.js';
import {
  ExistingSource,
  ImportSourcesRepository,
  SourceIdentity,
} from './import-sources.repository.js';

/** What a batch came to; `held` lists the records kept for a reviewer. */
export interface BatchResult {
  created: number;
  updated: number;
  unchanged: number;
  held: { rows: number[]; key: string; reason: string }[];
  /** Records that joined a stored case they matched with confidence, instead of making one. */
  attached: { rows: number[]; key: string; caseId: string }[];
}

@Injectable()
export class CaseBatchWriter {
  constructor(
    private readonly sources: ImportSourcesRepository,
    private readonly writes: CaseWritesRepository,
    private readonly identities: CaseIdentities,
    private readonly attacher: CaseAttacher,
    @Optional() private readonly duplicates?: DuplicatesService,
  ) {}

  /** Sorts a batch into new, changed, unchanged and held records, and writes them. */
  async writeBatch(
    manager: EntityManager,
    jobId: string,
    batch: CaseRecord[],
    context: FormatContext,
    actor: Principal,
    format: ImportFormat,
    aliased: Set<string>,
  ): Promise<BatchResult> {
    const source = batch[0].source;
    const existing = await this.sources.existingSources(
      manager,
      source,
      batch.map((r) => r.key),
    );
    if (source === 'tracker') await this.identities.addTrackerCases(manager, batch, existing);
    else await this.identities.matchUndated(manager, batch, existing, aliased);
    const note = `import ${jobId} (${format})`;
    const toCreate: NewCase[] = [];
    const sources: SourceIdentity[] = [];
    const audit: Parameters<CaseWritesRepository['audit']>[2] = [];
    const held: { rows: number[]; key: string; reason: string }[] = [];
    let updated = 0;
    let unchanged = 0;
    const [people, incidents] =
      source === 'tracker'
        ? await Promise.all([
            this.sources.existingIds(
              manager,
              'people',
              batch.map((r) => r.ids!.personId),
            ),
            this.sources.existingIds(
              manager,
              'incidents',
              batch.map((r) => r.ids!.incidentId),
            ),
          ])
        : [new Set<string>(), new Set<string>()];
    const hashes = batch.map(contentHash);
    await this.identities.readChangedRecords(manager, source, batch, hashes, existing);
    for (const [index, record] of batch.entries()) {
      const hash = hashes[index];
      const before = existing.get(record.key);
      if (before && before.contentHash === hash) {
        if (before.caseId) unchanged += 1;
        else
          held.push({
            rows: record.rows,
            key: record.key,
            reason: record.heldFor ?? 'held for review',
          });
        continue;
      }
      if (record.heldFor && !before?.caseId) {
        held.push({ rows: record.rows, key: record.key, reason: record.heldFor });
        sources.push({ source, key: record.key, caseId: null, hash, record });
        continue;
      }
      if (before?.caseId) {
        // The case exists: a label that does not settle the country (held for a reviewer before,
        // or ambiguous only in this file) keeps the country the case has; the rest is updated.
        if (record.heldFor && !before.record) {
          unchanged += 1; // no stored record to take the country from
          continue;
        }
        let current = record.heldFor ? keepCountry(record, before.record!) : record;
        if (before.record?.flags.includes(ATTACHED_FLAG)) {
          // Attached to a case it did not make: the case's own person and incident stay.
          current = { ...current, flags: [...current.flags, ATTACHED_FLAG] };
          await this.attacher.attach(manager, before.caseId, current, context, actor, note);
        } else await this.updateExisting(manager, before, current, context, actor, note);
        sources.push({ source, key: record.key, caseId: before.caseId, hash, record: current });
        audit.push({
          caseId: before.caseId,
          action: 'update',
          before: stripForAudit(before.record ?? null),
          after: stripForAudit(current),
          note,
        });
        updated += 1;
        continue;
      }
      const ids = record.ids ?? {
        caseId: newId(),
        personId: newId(),
        incidentId: newId(),
      };
      toCreate.push({
        record,
        ...ids,
        hash,
        reusePerson: people.has(ids.personId),
        reuseIncident: incidents.has(ids.incidentId),
      });
      people.add(ids.personId);
      incidents.add(ids.incidentId);
      sources.push({ source, key: record.key, caseId: ids.caseId, hash, record });
      audit.push({
        caseId: ids.caseId,
        action: 'create',
        before: null,
        after: stripForAudit(record),
        note,
      });
    }
    const attached = await this.attachMatched(
      manager,
      toCreate,
      sources,
      audit,
      context,
      actor,
      note,
    );
    await this.writes.insertCases(
      manager,
      toCreate.filter((c) => !attached.some((a) => a.key === c.record.key)),
      actor.label,
    );
    // Likely duplicates of the new cases join the review list (src/duplicates).
    await this.duplicates?.detect(
      manager,
      toCreate.filter((c) => !attached.some((a) => a.key === c.record.key)).map((c) => c.caseId),
    );
    await this.sources.insertSources(
      manager,
      jobId,
      sources.filter((s) => !existing.has(s.key)),
    );
    await this.sources.upsertSources(
      manager,
      jobId,
      sources.filter((s) => existing.has(s.key)),
    );
    await this.writes.audit(manager, actor, audit);
    return { created: toCreate.length - attached.length, updated, unchanged, held, attached };
  }

  /**
   * Records about to be created that match one stored case with confidence join it instead: the
   * identity and audit entry planned for a new case go to that case (see CaseAttacher).
   */
  private async attachMatched(
    manager: EntityManager,
    toCreate: NewCase[],
    sources: SourceIdentity[],
    audit: Parameters<CaseWritesRepository['audit']>[2],
    context: FormatContext,
    actor: Principal,
    note: string,
  ): Promise<BatchResult['attached']> {
    const matched = await this.attacher.matches(manager, toCreate);
    const attached: BatchResult['attached'] = [];
    for (const planned of toCreate) {
      const caseId = matched.get(planned.record.key);
      if (!caseId) continue;
      const record = { ...planned.record, flags: [...planned.record.flags, ATTACHED_FLAG] };
      await this.attacher.attach(manager, caseId, record, context, actor, note);
      const identity = sources.find((s) => s.key === record.key)!;
      Object.assign(identity, { caseId, record });
      const entry = audit.find((a) => a.caseId === planned.caseId)!;
      Object.assign(entry, {
        caseId,
        action: 'update',
        note: `${note}: ${record.source} record ${record.key} attached (the same person, date and country)`,
      });
      attached.push({ rows: record.rows, key: record.key, caseId });
    }
    return attached;
  }

  private async updateExisting(
    manager: EntityManager,
    before: ExistingSource,
    record: CaseRecord,
    context: FormatContext,
    actor: Principal,
    note: string,
  ): Promise<void> {
    const ids = {
      caseId: before.caseId!,
      personId: before.personId!,
      incidentId: before.incidentId!,
    };
    await this.writes.lockCase(manager, ids.caseId);
    await this.writes.updateCase(manager, ids, record);
    if (record.source === 'cpj') {
      // A monitor's status that changed is a new entry from the file's date; the old one stays.
      const current = await this.writes.currentStatuses(manager, ids.caseId);
      const entries = record.statuses
        .filter((s) => current.get(s.scheme) !== s.status)
        .map((s) => ({
          caseId: ids.caseId,
          status: {
            ...s,
            effectiveDate: current.has(s.scheme) ? context.statusDate : s.effectiveDate,
            note: `${s.note ?? ''} (${note})`.trim(),
          },
        }));
      await this.writes.insertStatuses(manager, entries, actor.label);
    } else {
      const known = await this.writes.statusSignatures(manager, ids.caseId);
      const entries = record.statuses
        .filter(
          (s) =>
            !known.has(
              [s.scheme, s.status, s.effectiveDate, s.reportedBy, s.source, s.note]
                .filter((v) => v !== null)
                .join('|'),
            ),
        )
        .map((s) => ({ caseId: ids.caseId, status: { ...s, supersedesRef: null } }));
      await this.writes.insertStatuses(manager, entries, actor.label);
    }
  }
}
