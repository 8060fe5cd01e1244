import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { confidentialColumns } from '../common/confidentiality/confidential.js';
import { assertVersion, ExpectedVersion } from '../common/versioning/versions.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { OutboxService } from '../events/outbox.service.js';
import { CountriesRepository } from '../countries/countries.repository.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import type { DuplicateCandidateDto } from '../duplicates/dto/duplicate.dto.js';
import { PeopleService } from '../people/people.service.js';
import { knownInstant } from '../statuses/status-sql.js';
import { STATUSES_BY_SCHEME } from '../statuses/status.enums.js';
import { TaxonomyRepository } from '../taxonomy/taxonomy.repository.js';
import { Case } from './case.entity.js';
import { CaseInputRules, checkDeath, checkRecordedDate } from './case-input-rules.js';
import { toCaseDtos, toCaseListItems } from './case.mapper.js';
import {
  CaseMerged,
  CaseMoved,
  CaseNotFound,
  CaseRetracted,
  ClassificationNotFound,
} from './cases.errors.js';
import { CasesRepository, type CaseListOptions } from './cases.repository.js';
import { CaseDto } from './dto/case.dto.js';
import { CasePageDto, CasePageJson } from './dto/case-page.dto.js';
import { CreateCaseDto, UpdateCaseDto, VictimInput } from './dto/case.input.js';
import { ClassificationInput } from './dto/classification.input.js';
import { CaseFilterDto, ListCasesQuery } from './dto/list-cases.query.js';
import { MonitorClassification } from './monitor-classification.entity.js';

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly people: PeopleService,
    private readonly taxonomy: TaxonomyRepository,
    private readonly countries: CountriesRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly duplicates: DuplicatesService,
    private readonly rules: CaseInputRules,
  ) {}

  /**
   * One page of cases, each with its classifications and current statuses, in one statement. The
   * codes a filter names (country, region, types) are looked up only when the page comes back
   * empty: a code that matched a case exists.
   */
  async list(query: ListCasesQuery, viewer: Principal): Promise<CasePageDto> {
    const confidential = canSeeConfidential(viewer);
    const result = await this.page(query, confidential, (options) =>
      this.cases.list(query, options),
    );
    const details = confidential
      ? await this.cases.confidentialOf(result.data.map((r) => r.item.id))
      : undefined;
    return { data: toCaseListItems(result.data, details), pageInfo: result.pageInfo };
  }

  /**
   * The same page as `list` for a response body: the items as the JSON text PostgreSQL wrote,
   * put together without being parsed and written again (readers of confidential details get
   * the items `list` fills in).
   */
  async listJson(query: ListCasesQuery, viewer: Principal): Promise<CasePageJson> {
    if (canSeeConfidential(viewer)) {
      const { data, pageInfo } = await this.list(query, viewer);
      return new CasePageJson(
        data.map((item) => JSON.stringify(item)),
        pageInfo,
      );
    }
    const result = await this.page(query, false, (options) => this.cases.listJson(query, options));
    return new CasePageJson(
      result.data.map((r) => r.item),
      result.pageInfo,
    );
  }

  /** A page of rows that `read` reads with the list's options, once the filter's rules hold. */
  async page<T extends { sortDate: string; id: string }>(
    query: ListCasesQuery,
    confidential: boolean,
    read: (options: CaseListOptions) => Promise<T[]>,
  ) {
    const rules = new Problems();
    this.checkRules(query, rules);
    if (rules.hasAny()) await this.validateFilter(query); // names every bad field at once
    const limit = pageLimit(query.limit);
    const after = query.cursor
      ? (decodeCursor(query.cursor, ['date', 'uuid']) as [string, string])
      : undefined;
    const [rows, total] = await Promise.all([
      read({ limit, descending: query.sort === '-date', after, confidential }),
      query.withTotal ? this.cases.count(query, confidential) : Promise.resolve(null),
    ]);
    if (rows.length === 0) await this.validateFilter(query);
    return page(rows, limit, (r) => [r.sortDate, r.id], total);
  }

  /** Codes in a filter must exist, so that a typo is a 400 rather than an empty result. */
  async validateFilter(filter: CaseFilterDto): Promise<void> {
    const problems = new Problems();
    const [unknownCountry, unknownAttack, unknownPerpetrator] = await Promise.all([
      this.taxonomy.unknownCodes('countries', filter.country ? [filter.country] : []),
      this.taxonomy.unknownCodes('attack_types', filter.attackType ? [filter.attackType] : []),
      this.taxonomy.unknownCodes(
        'perpetrator_types',
        filter.perpetratorType ? [filter.perpetratorType] : [],
      ),
    ]);
    problems.check(
      unknownCountry.length === 0,
      'country',
      `${filter.country} is not a known country code`,
    );
    problems.check(
      unknownAttack.length === 0,
      'attackType',
      `${filter.attackType} is not an attack type (see /api/v1/attack-types)`,
    );
    problems.check(
      unknownPerpetrator.length === 0,
      'perpetratorType',
      `${filter.perpetratorType} is not a perpetrator type (see /api/v1/perpetrator-types)`,
    );
    if (
      filter.region &&
      !(await this.countries.regionExists(filter.regionScheme ?? 'unesco', filter.region))
    ) {
      problems.add(
        'region',
        `${filter.region} is not a region of the ${filter.regionScheme ?? 'unesco'} scheme (see /api/v1/regions)`,
      );
    }
    this.checkRules(filter, problems);
    problems.throwIfAny();
  }

  /** What a filter must meet apart from its codes existing: ranges in order, dates not ahead. */
  private checkRules(filter: CaseFilterDto, problems: Problems): void {
    if (filter.yearFrom !== undefined && filter.yearTo !== undefined)
      problems.check(filter.yearTo >= filter.yearFrom, 'yearTo', 'must not be before yearFrom');
    if (filter.dateFrom && filter.dateTo)
      problems.check(filter.dateTo >= filter.dateFrom, 'dateTo', 'must not be before dateFrom');
    if (filter.status) {
      const scheme = filter.scheme ?? 'unesco';
      const allowed = STATUSES_BY_SCHEME[scheme];
      problems.check(
        allowed.includes(filter.status),
        'status',
        `must be one of ${allowed.join(', ')} for the ${scheme} scheme`,
      );
    }
    if (filter.asOf) problems.check(filter.asOf <= todayIso(), 'asOf', 'must not be in the future');
    if (filter.knownAsOf) {
      problems.check(
        !Number.isNaN(Date.parse(knownInstant(filter.knownAsOf)!)),
        'knownAsOf',
        'must be a real date or instant',
      );
    }
  }

  /**
   * One case; its confidential details only for viewers allowed to see them. A case merged into
   * another is not read on its own: CaseMoved names the survivor.
   */
  async get(id: string, viewer?: Principal): Promise<CaseDto> {
    const survivor = (await this.cases.survivorsOf([id])).get(id);
    if (survivor) throw new CaseMoved(id, survivor);
    const [row] = await this.cases.findRows([id]);
    if (!row) throw new CaseNotFound(id);
    const [dto] = toCaseDtos([row], await this.cases.classificationsOf([id]));
    return (await this.withConfidential([dto], canSeeConfidential(viewer)))[0];
  }

  /** One case, or the case it was merged into (what GraphQL answers for a merged id). */
  async resolve(id: string, viewer?: Principal): Promise<CaseDto> {
    return this.get((await this.cases.survivorsOf([id])).get(id) ?? id, viewer);
  }

  /** Cases as written to the audit trail and answered to writers: confidential details included. */
  async getMany(ids: readonly string[], manager?: EntityManager): Promise<CaseDto[]> {
    const rows = await this.cases.findRows(ids, manager);
    const dtos = toCaseDtos(rows, await this.cases.classificationsOf(ids, manager));
    return this.withConfidential(dtos, true, manager);
  }

  private async withConfidential(
    dtos: CaseDto[],
    confidential: boolean,
    manager?: EntityManager,
  ): Promise<CaseDto[]> {
    if (!confidential) return dtos.map((d) => ({ ...d, confidentialDetails: null }));
    const details = await this.cases.confidentialOf(
      dtos.map((d) => d.id),
      manager,
    );
    return dtos.map((d) => ({ ...d, confidentialDetails: details.get(d.id) ?? null }));
  }

  /** Runs `work` in the caller's transaction when given one (accepting a proposal), else in a new one. */
  private inTransaction<T>(
    manager: EntityManager | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async create(input: CreateCaseDto, actor: Principal, manager?: EntityManager): Promise<CaseDto> {
    const problems = new Problems();
    const starts = await this.cases.incidentStarts([input.incidentId], manager);
    if (!starts.has(input.incidentId))
      problems.add('incidentId', `${input.incidentId} is not a known incident`);
    await this.rules.validateVictims(
      [input],
      starts.get(input.incidentId) ?? null,
      problems,
      (i) => (i === 0 ? '' : `[${i}]`),
      manager,
    );
    if (
      input.personId &&
      starts.has(input.incidentId) &&
      (await this.cases.exists(
        input.incidentId,
        input.personId,
        manager ?? this.dataSource.manager,
      ))
    )
      problems.add('personId', 'this person already has a case in this incident');
    problems.throwIfAny();
    return this.inTransaction(manager, async (m) => {
      const id = await this.createWithin(m, input.incidentId, input, actor);
      const [created] = await this.getMany([id], m);
      return this.withCandidates(created, await this.duplicateCandidatesOf([id], m));
    });
  }

  /** Inserts one validated victim's case (and person, and classifications) in the caller's transaction. */
  async createWithin(
    manager: EntityManager,
    incidentId: string,
    victim: VictimInput,
    actor: Principal,
  ): Promise<string> {
    const personId =
      victim.personId ?? (await this.people.createWithin(manager, victim.person!, actor)).id;
    const saved = await manager.save(
      manager.create(Case, {
        incidentId,
        personId,
        outcome: victim.outcome,
        localForeign: victim.localForeign ?? 'unknown',
        dateOfDeath: victim.dateOfDeath ?? null,
        ...confidentialColumns(victim.confidentialDetails),
      }),
    );
    for (const classification of victim.classifications ?? []) {
      await manager.insert(MonitorClassification, this.classificationRow(saved.id, classification));
    }
    const [after] = await this.getMany([saved.id], manager);
    await this.audit.record(manager, actor, {
      entityType: 'case',
      entityId: saved.id,
      action: 'create',
      after,
    });
    await this.outbox.caseCreated(manager, actor, after);
    await this.duplicates.detect(manager, [saved.id]);
    return saved.id;
  }

  /** Likely duplicates of new cases, for the answer to their creation (a warning, not a refusal). */
  duplicateCandidatesOf(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<DuplicateCandidateDto[]> {
    return this.duplicates.candidatesOf(caseIds, manager);
  }

  /** The answer carries the candidates only when there are some. */
  private withCandidates(dto: CaseDto, candidates: DuplicateCandidateDto[]): CaseDto {
    return candidates.length ? { ...dto, duplicateCandidates: candidates } : dto;
  }

  private classificationRow(
    caseId: string,
    input: ClassificationInput,
  ): Partial<MonitorClassification> {
    return {
      caseId,
      monitor: input.monitor,
      externalId: input.externalId ?? null,
      url: input.url ?? null,
      included: input.included ?? true,
      motive: input.motive ?? null,
      typeOfDeath: input.typeOfDeath ?? null,
      condemnation: input.condemnation ?? null,
      recordedDate: input.recordedDate ?? null,
    };
  }

  /**
   * Runs `change` on a locked, unretracted case at the version the writer read, bumps the version
   * and records before/after in the audit trail. The lock makes the version check and the write
   * one step: of concurrent writers holding the same version, one succeeds and the rest get 412.
   */
  private async changeCase(
    id: string,
    actor: Principal,
    action: 'update' | 'retract',
    change: (manager: EntityManager, entity: Case) => Promise<void>,
    options: { expectedVersion: ExpectedVersion; note?: string; manager?: EntityManager },
  ): Promise<CaseDto> {
    const { expectedVersion, note } = options;
    return this.inTransaction(options.manager, async (manager) => {
      const entity = await manager.findOne(Case, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw new CaseNotFound(id);
      if (entity.retractedAt) throw new CaseRetracted(id);
      if (entity.mergedInto) throw new CaseMerged(id, entity.mergedInto);
      assertVersion('case', id, entity.version, expectedVersion);
      const [before] = await this.getMany([id], manager);
      await change(manager, entity);
      entity.version += 1;
      await manager.save(entity);
      const [after] = await this.getMany([id], manager);
      await this.audit.record(manager, actor, {
        entityType: 'case',
        entityId: id,
        action,
        before,
        after,
        note,
      });
      await this.outbox.caseChanged(manager, actor, action, before, after);
      return after;
    });
  }

  async update(
    id: string,
    input: UpdateCaseDto,
    actor: Principal,
    expectedVersion: ExpectedVersion,
    manager?: EntityManager,
  ): Promise<CaseDto> {
    new Problems().notNull(input, ['outcome', 'localForeign']).throwIfAny();
    return this.changeCase(
      id,
      actor,
      'update',
      async (manager, entity) => {
        const outcome = input.outcome ?? entity.outcome;
        const dateOfDeath =
          input.dateOfDeath === undefined ? entity.dateOfDeath : input.dateOfDeath;
        const problems = new Problems();
        const starts = await this.cases.incidentStarts([entity.incidentId], manager);
        checkDeath(
          outcome,
          dateOfDeath,
          starts.get(entity.incidentId) ?? null,
          problems,
          'dateOfDeath',
        );
        problems.throwIfAny();
        entity.outcome = outcome;
        entity.dateOfDeath = dateOfDeath;
        if (input.localForeign) entity.localForeign = input.localForeign;
        Object.assign(entity, confidentialColumns(input.confidentialDetails, true));
      },
      { expectedVersion, manager },
    );
  }

  /** A case is never deleted: it is retracted with a reason, stays readable and counts no more. */
  async retract(
    id: string,
    reason: string,
    actor: Principal,
    expectedVersion: ExpectedVersion,
    manager?: EntityManager,
  ): Promise<CaseDto> {
    return this.changeCase(
      id,
      actor,
      'retract',
      async (_, entity) => {
        entity.retractedAt = new Date();
        entity.retractionReason = reason;
      },
      { expectedVersion, note: reason, manager },
    );
  }

  async setClassification(
    caseId: string,
    input: ClassificationInput,
    actor: Principal,
    expectedVersion: ExpectedVersion,
  ): Promise<CaseDto> {
    const problems = new Problems();
    checkRecordedDate(input, problems, 'recordedDate');
    problems.throwIfAny();
    return this.changeCase(
      caseId,
      actor,
      'update',
      async (manager) => {
        if (input.externalId) {
          const taken = await this.cases.externalIdsTaken(
            [{ monitor: input.monitor, externalId: input.externalId }],
            caseId,
            manager,
          );
          if (taken.length > 0)
            throw InvalidInput.field(
              'externalId',
              `${input.monitor} id ${input.externalId} already belongs to another case`,
            );
        }
        const row = this.classificationRow(caseId, input);
        await manager.upsert(MonitorClassification, row, ['caseId', 'monitor']);
      },
      { expectedVersion },
    );
  }

  async removeClassification(
    caseId: string,
    monitor: string,
    actor: Principal,
    expectedVersion: ExpectedVersion,
  ): Promise<CaseDto> {
    return this.changeCase(
      caseId,
      actor,
      'update',
      async (manager) => {
        const result = await manager.delete(MonitorClassification, { caseId, monitor });
        if (!result.affected) throw new ClassificationNotFound(caseId, monitor);
      },
      { expectedVersion },
    );
  }
}
