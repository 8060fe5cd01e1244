import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseInputRules } from '../cases/case-input-rules.js';
import { CasesService } from '../cases/cases.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { confidentialColumns } from '../common/confidentiality/confidential.js';
import { assertVersion, ExpectedVersion } from '../common/versioning/versions.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { CountriesRepository } from '../countries/countries.repository.js';
import { OutboxService } from '../events/outbox.service.js';
import { TaxonomyRepository } from '../taxonomy/taxonomy.repository.js';
import { IncidentDto, IncidentPageDto } from './dto/incident.dto.js';
import { CreateIncidentDto, UpdateIncidentDto } from './dto/incident.input.js';
import { ListIncidentsQuery } from './dto/list-incidents.query.js';
import { Incident } from './incident.entity.js';
import { IncidentHasCases, IncidentNotFound } from './incidents.errors.js';
import { IncidentRow, IncidentsRepository } from './incidents.repository.js';

type IncidentFields = Omit<CreateIncidentDto, 'victims'>;

const toDto = ({ sortDate: _sortDate, ...row }: IncidentRow): IncidentDto => ({
  ...row,
  confidentialDetails: null,
});

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly cases: CasesService,
    private readonly countries: CountriesRepository,
    private readonly taxonomy: TaxonomyRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly caseRules: CaseInputRules,
  ) {}

  async list(query: ListIncidentsQuery): Promise<IncidentPageDto> {
    const limit = pageLimit(query.limit);
    const after = query.cursor
      ? (decodeCursor(query.cursor, ['date', 'uuid']) as [string, string])
      : undefined;
    const [rows, total] = await Promise.all([
      this.incidents.list(query, limit, after),
      query.withTotal ? this.incidents.count(query) : Promise.resolve(null),
    ]);
    const result = page(rows, limit, (r) => [r.sortDate, r.id], total);
    return { data: result.data.map(toDto), pageInfo: result.pageInfo };
  }

  /** One incident; its confidential details only for viewers allowed to see them. */
  async get(id: string, viewer?: Principal): Promise<IncidentDto> {
    return canSeeConfidential(viewer) ? this.snapshot(id) : this.read(id);
  }

  private async read(id: string, manager?: EntityManager): Promise<IncidentDto> {
    const [row] = await this.incidents.findRows([id], manager);
    if (!row) throw new IncidentNotFound(id);
    return toDto(row);
  }

  /** The incident as the audit trail and writers see it: confidential details included. */
  private async snapshot(id: string, manager?: EntityManager): Promise<IncidentDto> {
    const dto = await this.read(id, manager);
    const details = await this.incidents.confidentialOf([id], manager);
    return { ...dto, confidentialDetails: details.get(id) ?? null };
  }

  /** Creates the incident and every victim's person and case in one transaction, or nothing. */
  async create(
    input: CreateIncidentDto,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<IncidentDto> {
    const problems = new Problems();
    await this.validateFields(input, problems, manager);
    await this.caseRules.validateVictims(
      input.victims ?? [],
      input.dateStart ?? null,
      problems,
      (i) => `victims[${i}]`,
      manager,
    );
    problems.throwIfAny();
    const work = async (manager: EntityManager) => {
      const { victims, attackTypes, perpetratorTypes, confidentialDetails, ...fields } = input;
      const incident = await manager.save(
        manager.create(Incident, {
          ...fields,
          sourceLinks: fields.sourceLinks ?? [],
          dateStart: fields.dateStart ?? null,
          dateEnd: fields.dateEnd ?? null,
          ...confidentialColumns(confidentialDetails),
        }),
      );
      await this.incidents.replaceTypes(manager, incident.id, attackTypes, perpetratorTypes ?? []);
      const created = await this.snapshot(incident.id, manager);
      await this.audit.record(manager, actor, {
        entityType: 'incident',
        entityId: incident.id,
        action: 'create',
        after: created,
      });
      const caseIds: string[] = [];
      for (const victim of victims ?? [])
        caseIds.push(await this.cases.createWithin(manager, incident.id, victim, actor));
      const answer = await this.snapshot(incident.id, manager);
      const candidates = await this.cases.duplicateCandidatesOf(caseIds, manager);
      return candidates.length ? { ...answer, duplicateCandidates: candidates } : answer;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Dates consistent with their precision and not in the future; codes that exist; the country existed then. */
  private async validateFields(
    input: Partial<IncidentFields>,
    problems: Problems,
    manager?: EntityManager,
  ): Promise<void> {
    const { dateStart, dateEnd, datePrecision } = input;
    if (datePrecision === 'unknown') {
      problems.check(!dateStart, 'dateStart', 'must be omitted when datePrecision is unknown');
      problems.check(!dateEnd, 'dateEnd', 'must be omitted when datePrecision is unknown');
    } else if (datePrecision) {
      problems.check(
        Boolean(dateStart),
        'dateStart',
        `is required when datePrecision is ${datePrecision}`,
      );
    }
    if (dateStart) {
      problems.check(dateStart <= todayIso(), 'dateStart', 'must not be in the future');
      if (datePrecision === 'month')
        problems.check(
          dateStart.endsWith('-01'),
          'dateStart',
          'must be the first day of the month when datePrecision is month',
        );
      if (datePrecision === 'year')
        problems.check(
          dateStart.endsWith('-01-01'),
          'dateStart',
          'must be 1 January when datePrecision is year',
        );
    }
    if (dateEnd) {
      problems.check(dateEnd <= todayIso(), 'dateEnd', 'must not be in the future');
      problems.check(!dateStart || dateEnd >= dateStart, 'dateEnd', 'must not be before dateStart');
    }
    if (input.attackTypes !== undefined)
      problems.check(
        input.attackTypes.length > 0,
        'attackTypes',
        'must name at least one attack type',
      );
    const [unknownAttacks, unknownPerpetrators] = await Promise.all([
      this.taxonomy.unknownCodes('attack_types', input.attackTypes ?? [], manager),
      this.taxonomy.unknownCodes('perpetrator_types', input.perpetratorTypes ?? [], manager),
    ]);
    for (const code of unknownAttacks)
      problems.add(
        `attackTypes[${input.attackTypes!.indexOf(code)}]`,
        `${code} is not an attack type (see /api/v1/attack-types)`,
      );
    for (const code of unknownPerpetrators)
      problems.add(
        `perpetratorTypes[${input.perpetratorTypes!.indexOf(code)}]`,
        `${code} is not a perpetrator type (see /api/v1/perpetrator-types)`,
      );
    if (input.countryCode) {
      const country = await this.countries.findByCode(input.countryCode, manager);
      if (!country) problems.add('countryCode', `${input.countryCode} is not a known country code`);
      else if (
        dateStart &&
        ((country.validFrom && dateStart < country.validFrom) ||
          (country.validTo && dateStart > country.validTo))
      ) {
        problems.add(
          'countryCode',
          `${country.name} did not exist on ${dateStart} (${country.validFrom ?? '…'} to ${country.validTo ?? 'today'}): record the country as it was then`,
        );
      }
    }
  }

  async update(
    id: string,
    input: UpdateIncidentDto,
    actor: Principal,
    expectedVersion: ExpectedVersion,
    manager?: EntityManager,
  ): Promise<IncidentDto> {
    new Problems()
      .notNull(input, [
        'datePrecision',
        'countryCode',
        'attackTypes',
        'perpetratorTypes',
        'sourceLinks',
      ])
      .throwIfAny();
    const work = async (manager: EntityManager) => {
      const entity = await manager.findOne(Incident, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw new IncidentNotFound(id);
      assertVersion('incident', id, entity.version, expectedVersion);
      const before = await this.snapshot(id, manager);
      const merged: Partial<IncidentFields> = {
        dateStart: input.dateStart === undefined ? entity.dateStart : input.dateStart,
        dateEnd: input.dateEnd === undefined ? entity.dateEnd : input.dateEnd,
        datePrecision: input.datePrecision ?? entity.datePrecision,
        countryCode: input.countryCode ?? entity.countryCode,
        attackTypes: input.attackTypes,
        perpetratorTypes: input.perpetratorTypes,
      };
      const problems = new Problems();
      await this.validateFields(merged, problems, manager);
      const earliestDeath = await this.incidents.earliestDeath(id, manager);
      if (earliestDeath && merged.dateStart)
        problems.check(
          merged.dateStart <= earliestDeath,
          'dateStart',
          `must not be after a victim's date of death (${earliestDeath})`,
        );
      problems.throwIfAny();
      const { attackTypes, perpetratorTypes, confidentialDetails, ...fields } = input;
      Object.assign(
        entity,
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        confidentialColumns(confidentialDetails, true),
      );
      entity.version += 1;
      await manager.save(entity);
      await this.incidents.replaceTypes(manager, id, attackTypes, perpetratorTypes);
      const after = await this.snapshot(id, manager);
      await this.audit.record(manager, actor, {
        entityType: 'incident',
        entityId: id,
        action: 'update',
        before,
        after,
      });
      await this.outbox.incidentChanged(manager, actor, { ...before }, { ...after });
      return after;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async delete(id: string, actor: Principal, expectedVersion: ExpectedVersion): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const entity = await manager.findOne(Incident, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw new IncidentNotFound(id);
      const count = await this.incidents.countCases(id, manager);
      if (count > 0) throw new IncidentHasCases(id, count);
      assertVersion('incident', id, entity.version, expectedVersion);
      const before = await this.snapshot(id, manager);
      await manager.delete(Incident, { id });
      await this.audit.record(manager, actor, {
        entityType: 'incident',
        entityId: id,
        action: 'delete',
        before,
      });
    });
  }
}
