import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { newId } from '../database/new-id.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { HeldRecordPageDto, ResolvedHeldRecordDto } from './dto/held-record.dto.js';
import { HeldRecordsQuery } from './dto/held-records.query.js';
import { ResolveHeldRecordInput } from './dto/resolve-held-record.input.js';
import { normaliseLabel } from './country-labels.js';
import { SettledHeldRecordsDto, SettleHeldRecordsInput } from './dto/settle-held-records.input.js';
import { countryAbsentOnDate, CountryRule, datesItsIncident } from './formats/cpj-common.js';
import { toHeldRecordDto } from './held-record.mapper.js';
import type { CaseRecord } from './import-record.js';
import { SOURCE_NAMES } from './import-record.js';
import { ImportRecordNotFound, ImportRecordNotHeld } from './imports.errors.js';
import { stripForAudit } from './case-identities.js';
import { CaseWritesRepository } from './case-writes.repository.js';
import { HeldRecordsRepository, HeldSource } from './held-records.repository.js';
import { ImportSourcesRepository } from './import-sources.repository.js';

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Records an import held because it could not settle something alone (a country label covering
 * two countries): listed for reviewers, and made cases once a reviewer decides.
 */
@Injectable()
export class HeldRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly heldRecords: HeldRecordsRepository,
    private readonly sources: ImportSourcesRepository,
    private readonly writes: CaseWritesRepository,
  ) {}

  /** `limitField`: the name the caller gave the page size (REST `limit`, GraphQL `first`). */
  async list(query: HeldRecordsQuery, limitField = 'limit'): Promise<HeldRecordPageDto> {
    const limit = pageLimit(query.limit, limitField);
    const after = query.cursor ? readCursor(query.cursor) : undefined;
    const rows = await this.heldRecords.heldSources({ source: query.source }, limit + 1, after);
    const result = page(rows, limit, (r) => [r.position, r.source, r.key], null);
    return { data: result.data.map(toHeldRecordDto), pageInfo: result.pageInfo };
  }

  /**
   * Settles a held record's country and creates its case as an import would have, in one
   * transaction: the record is locked, so two reviewers cannot both create it.
   */
  async resolve(input: ResolveHeldRecordInput, actor: Principal): Promise<ResolvedHeldRecordDto> {
    const countries = await this.sources.countries();
    return this.dataSource.transaction(async (manager) => {
      const held = await this.heldRecords.lockSource(manager, input.source, input.key);
      if (!held) throw new ImportRecordNotFound(input.source, input.key);
      if (held.caseId) throw new ImportRecordNotHeld(input.source, input.key, held.caseId);
      return this.settle(manager, held, input, countries, actor);
    });
  }

  /**
   * Settles many held records at once, chosen by their label, a rule on their place and/or a
   * list, in one transaction: each is checked and audited as one settled alone would be, and
   * if any cannot be settled so, none is (the refusal names the records).
   */
  async settleMany(
    input: SettleHeldRecordsInput,
    actor: Principal,
  ): Promise<SettledHeldRecordsDto> {
    if (!input.label && !input.placeContains && !input.records?.length)
      throw InvalidInput.field(
        'label',
        'choose the records: a label, a placeContains rule or a list of records (or several)',
      );
    const countries = await this.sources.countries();
    const rule = [
      input.label && `label "${input.label}"`,
      input.placeContains && `place contains "${input.placeContains}"`,
      input.records?.length && `a list of ${input.records.length}`,
    ]
      .filter(Boolean)
      .join(', ');
    const settle = async (manager: EntityManager) => {
      const place = input.placeContains ? normaliseLabel(input.placeContains) : null;
      const chosen = (await this.heldRecords.lockHeld(manager, input)).filter(
        (h) =>
          !place || ` ${normaliseLabel(h.record.incident.place ?? '')} `.includes(` ${place} `),
      );
      const problems: { field: string; message: string }[] = [];
      const records: SettledHeldRecordsDto['records'] = [];
      for (const held of chosen) {
        try {
          const note = `settled in bulk (${rule})${input.note ? `: ${input.note}` : ''}`;
          const done = await this.settle(
            manager,
            held,
            { ...input, source: held.source, key: held.key, note },
            countries,
            actor,
            Boolean(input.note),
          );
          records.push({
            source: held.source,
            key: held.key,
            caseId: input.dryRun ? null : done.caseId,
          });
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          for (const d of error.details)
            problems.push({
              field: 'records',
              message: `${held.source}:${held.key}: ${d.message}`,
            });
        }
      }
      if (problems.length) throw new InvalidInput(problems.slice(0, 50));
      return { settled: records.length, committed: !input.dryRun, records };
    };
    if (!input.dryRun) return this.dataSource.transaction(settle);
    let preview: SettledHeldRecordsDto | undefined;
    await this.dataSource
      .transaction(async (manager) => {
        preview = await settle(manager);
        throw new DryRun();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRun)) throw error;
      });
    return preview!;
  }

  /** Settles one locked held record's country: its case created and audited as an import would. */
  private async settle(
    manager: EntityManager,
    held: HeldSource,
    input: ResolveHeldRecordInput,
    countries: Map<string, CountryRule>,
    actor: Principal,
    explained = Boolean(input.note?.trim()),
  ): Promise<ResolvedHeldRecordDto> {
    {
      const code = input.countryCode;
      const country = countries.get(code);
      if (!country)
        throw InvalidInput.field('countryCode', `${code} is not a country the tracker knows`);
      // A candidate the import proposed stands even where it names a state of later date (East
      // Timor in 1999); another country must have existed then, and be explained.
      const candidates = toHeldRecordDto(held).candidates;
      const absent =
        datesItsIncident(held.record) && !candidates.includes(code)
          ? countryAbsentOnDate(held.record.incident, country)
          : null;
      if (absent) throw InvalidInput.field('countryCode', absent);
      if (candidates.length && !candidates.includes(code) && !explained)
        throw InvalidInput.field(
          'countryCode',
          `${code} is not one of the countries "${held.countryLabel}" may mean (${candidates.join(', ')}); give a note saying why it is ${code}`,
        );

      const label = held.countryLabel ?? held.record.countryLabel ?? '';
      const record: CaseRecord = {
        ...held.record,
        incident: { ...held.record.incident, countryCode: code },
        flags: [...held.record.flags, `country_decided:${label}->${code}`],
        heldFor: null,
      };
      const ids = { caseId: newId(), personId: newId(), incidentId: newId() };
      await this.writes.insertCases(
        manager,
        [{ record, ...ids, hash: held.contentHash, reusePerson: false, reuseIncident: false }],
        actor.label,
      );
      await this.heldRecords.settleSource(manager, input.source, input.key, ids.caseId, record);
      const note = `reviewer settled the country of import record ${input.source}:${input.key} as ${code} for label "${label}"`;
      await this.writes.audit(manager, actor, [
        {
          caseId: ids.caseId,
          action: 'create',
          before: null,
          after: stripForAudit(record),
          note: input.note ? `${note}: ${input.note}` : note,
        },
      ]);
      return {
        caseId: ids.caseId,
        url: `/api/v1/cases/${ids.caseId}`,
        record: toHeldRecordDto({
          ...held,
          caseId: ids.caseId,
          flags: record.flags,
          record,
        }),
      };
    }
  }
}

class DryRun extends Error {}

/** A page's cursor back as a position among held records; anything else is a 400. */
function readCursor(cursor: string): { position: string; source: string; key: string } {
  const [position, source, key] = decodeCursor(cursor, ['text', 'text', 'text']) as string[];
  if (!POSITION.test(position) || !(SOURCE_NAMES as readonly string[]).includes(source))
    throw InvalidInput.field(
      'cursor',
      'is not a cursor this API returned; pass nextCursor from the previous page',
    );
  return { position, source, key };
}
