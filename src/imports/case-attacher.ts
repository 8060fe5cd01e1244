// A record that matches a stored case with confidence (the same person, date and country, as
// src/duplicates decides) joins that case instead of making a second one: its source identity,
// the monitor's classification, observations and statuses are added to the case, and the case's
// own person and incident stay as they were.
import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { CaseWritesRepository } from './case-writes.repository.js';
import type { FormatContext } from './formats/import-format.js';
import type { CaseRecord } from './import-record.js';
import { ImportSourcesRepository } from './import-sources.repository.js';

/** Marks a stored record that was attached to a case it did not create (see CaseAttacher). */
export const ATTACHED_FLAG = 'attached_to_existing_case';

@Injectable()
export class CaseAttacher {
  constructor(
    private readonly sources: ImportSourcesRepository,
    private readonly writes: CaseWritesRepository,
    @Optional() private readonly duplicates?: DuplicatesService,
  ) {}

  /**
   * Of the records about to become cases (with the ids planned for them), those that match one
   * stored case with confidence, by record key. A case already holding a record of the same
   * source, or another id from the same monitor, takes none (the record is created and becomes
   * a candidate pair); nor does a case another record of the batch was attached to.
   */
  async matches(
    manager: EntityManager,
    planned: { caseId: string; record: CaseRecord }[],
  ): Promise<Map<string, string>> {
    const eligible = planned.filter(
      ({ record: r }) => r.source !== 'tracker' && r.incident.countryCode && !r.case.retractedAt,
    );
    if (!this.duplicates || eligible.length === 0) return new Map();
    const found = await this.duplicates.confidentMatches(
      manager,
      eligible.map(({ caseId, record: { person, incident } }) => ({
        id: caseId,
        fullName: person.fullName,
        transliteratedName: person.transliteratedName,
        countryCode: incident.countryCode!,
        dateStart: incident.dateStart,
        dateEnd: incident.dateEnd,
        datePrecision: incident.datePrecision,
      })),
    );
    if (found.size === 0) return new Map();
    const targets = [...new Set(found.values())];
    const [holders, monitorIds] = await Promise.all([
      this.sources.casesHoldingSource(manager, eligible[0].record.source, targets),
      this.sources.monitorIdsOf(manager, targets),
    ]);
    const taken = new Set<string>();
    const result = new Map<string, string>();
    for (const { caseId, record } of eligible) {
      const target = found.get(caseId);
      if (!target || holders.has(target) || taken.has(target)) continue;
      const otherId = record.classifications.some((c) => {
        const held = monitorIds.get(`${target}|${c.monitor}`);
        return held !== undefined && held !== null && held !== c.externalId;
      });
      if (otherId) continue;
      taken.add(target);
      result.set(record.key, target);
    }
    return result;
  }

  /** Adds the record's classifications, observations and changed statuses to the case. */
  async attach(
    manager: EntityManager,
    caseId: string,
    record: CaseRecord,
    context: FormatContext,
    actor: Principal,
    note: string,
  ): Promise<void> {
    await this.writes.lockCase(manager, caseId);
    await this.writes.upsertClassifications(manager, [{ caseId, record }]);
    await this.writes.upsertObservations(manager, [{ caseId, record }]);
    // As for an update: a status the case does not have yet is a new entry, dated by the file
    // when the case had another one in that scheme.
    const current = await this.writes.currentStatuses(manager, caseId);
    const entries = record.statuses
      .filter((s) => current.get(s.scheme) !== s.status)
      .map((s) => ({
        caseId,
        status: {
          ...s,
          supersedesRef: null,
          effectiveDate: current.has(s.scheme) ? context.statusDate : s.effectiveDate,
          note: `${s.note ?? ''} (${note})`.trim(),
        },
      }));
    await this.writes.insertStatuses(manager, entries, actor.label);
    await this.sources.touchCase(manager, caseId);
  }
}
