import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../events/outbox.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import { StatusCaseNotFound } from '../statuses/statuses.errors.js';
import { StatusesRepository } from '../statuses/statuses.repository.js';
import {
  DgCycleExists,
  DgCycleNotFound,
  DgRequestNotFound,
  StateNotFound,
} from './dg-requests.errors.js';
import { DgRequestsRepository, RequestRow, ResponseRow } from './dg-requests.repository.js';
import {
  CaseCycleDto,
  DgCycleDto,
  DgRequestDto,
  DgResponseDto,
  ResponseRatesDto,
  StateHistoryDto,
} from './dto/dg.dto.js';
import {
  CreateDgCycleInput,
  DgResponseInput,
  RequestCasesInput,
  SendRequestInput,
} from './dto/dg.input.js';

/** What the caller may see of an answer: everything, or only that and when it came. */
function toResponseDto(row: ResponseRow, confidential: boolean): DgResponseDto {
  const withheld = !row.publicationRequested && !confidential;
  return {
    id: row.id,
    receivedOn: row.receivedOn,
    onTime: row.onTime,
    publicationRequested: row.publicationRequested,
    withheld,
    remarks: withheld ? null : row.remarks,
    documents: withheld ? [] : row.documents,
    cases: withheld ? [] : row.cases,
  };
}

@Injectable()
export class DgRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dg: DgRequestsRepository,
    private readonly statuses: StatusesRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  cycles(): Promise<DgCycleDto[]> {
    return this.dg.cycles();
  }

  async cycle(year: number): Promise<DgCycleDto> {
    const cycle = await this.dg.cycle(year);
    if (!cycle) throw new DgCycleNotFound(year);
    return cycle;
  }

  async createCycle(input: CreateDgCycleInput): Promise<DgCycleDto> {
    const problems = new Problems();
    problems.check(
      input.reportEdition % 2 === 0,
      'reportEdition',
      'must be an even year (reports are published every two years)',
    );
    problems.check(
      input.reportEdition >= input.year,
      'reportEdition',
      'must not be before the cycle year',
    );
    problems.check(
      input.year <= new Date().getUTCFullYear() + 1,
      'year',
      'must not be more than a year ahead',
    );
    if (input.sentOn)
      problems.check(
        input.sentOn.startsWith(String(input.year)),
        'sentOn',
        `must fall in ${input.year}`,
      );
    if (input.sentOn)
      problems.check(input.sentOn <= todayIso(), 'sentOn', 'must not be in the future');
    if (input.deadline && input.sentOn)
      problems.check(input.deadline >= input.sentOn, 'deadline', 'must not be before sentOn');
    problems.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      if (await this.dg.cycle(input.year, manager)) throw new DgCycleExists(input.year);
      await this.dg.createCycle(manager, input);
      return (await this.dg.cycle(input.year, manager))!;
    });
  }

  async requests(year: number, viewer: Principal): Promise<DgRequestDto[]> {
    await this.cycle(year);
    return (await this.requestsOfCycles([year], viewer))[0];
  }

  /** The requests of several cycles at once, in the order of `years` (the GraphQL loader's batch). */
  async requestsOfCycles(years: readonly number[], viewer: Principal): Promise<DgRequestDto[][]> {
    const requests = await this.withResponses(await this.dg.requests(years), viewer);
    return years.map((year) => requests.filter((r) => r.cycleYear === year));
  }

  async request(id: string, viewer: Principal): Promise<DgRequestDto> {
    const row = await this.dg.request(id);
    if (!row) throw new DgRequestNotFound(id);
    return (await this.withResponses([row], viewer))[0];
  }

  private async withResponses(
    rows: RequestRow[],
    viewer: Principal,
    manager?: EntityManager,
  ): Promise<DgRequestDto[]> {
    const responses = new Map(
      (
        await this.dg.responses(
          rows.map((r) => r.id),
          manager,
        )
      ).map((r) => [r.requestId, r]),
    );
    const confidential = canSeeConfidential(viewer);
    return rows.map(({ deadline: _deadline, ...row }) => {
      const response = responses.get(row.id);
      return { ...row, response: response ? toResponseDto(response, confidential) : null };
    });
  }

  /**
   * Proposes, per state, the killings in UNESCO's scope that are not resolved on the cycle's date
   * sent (today if not yet sent), as draft requests an administrator can edit before sending.
   */
  async generate(year: number, viewer: Principal): Promise<DgRequestDto[]> {
    await this.dataSource.transaction(async (manager) => {
      const cycle = await this.dg.cycle(year, manager);
      if (!cycle) throw new DgCycleNotFound(year);
      const scope = await this.dg.casesInScope(cycle.sentOn ?? todayIso(), manager);
      for (const { countryCode, caseIds } of scope)
        await this.dg.upsertDraft(manager, year, countryCode, caseIds);
    });
    return this.requests(year, viewer);
  }

  async addCases(id: string, input: RequestCasesInput, actor: Principal): Promise<DgRequestDto> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.draft(id, manager);
      const cases = await this.dg.casesCountries(input.caseIds, manager);
      const problems = new Problems();
      input.caseIds.forEach((caseId, i) => {
        const found = cases.get(caseId);
        if (!found) problems.add(`caseIds[${i}]`, `${caseId} is not a known case`);
        else if (found.countryCode !== request.countryCode)
          problems.add(
            `caseIds[${i}]`,
            `the case happened in ${found.countryCode}, not in ${request.countryCode}`,
          );
        else if (found.retracted) problems.add(`caseIds[${i}]`, 'the case has been retracted');
        else if (found.outcome !== 'killed')
          problems.add(`caseIds[${i}]`, 'UNESCO asks states about killings only');
      });
      problems.throwIfAny();
      await this.dg.addCases(manager, id, input.caseIds);
      const stored = (await this.dg.request(id, manager))!;
      return (await this.withResponses([stored], actor, manager))[0];
    });
  }

  async removeCase(id: string, caseId: string, actor: Principal): Promise<DgRequestDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.draft(id, manager);
      if (!(await this.dg.removeCase(manager, id, caseId))) {
        new Problems().add('caseId', `${caseId} is not in this request`).throwIfAny();
      }
      const stored = (await this.dg.request(id, manager))!;
      return (await this.withResponses([stored], actor, manager))[0];
    });
  }

  private async draft(
    id: string,
    manager: Parameters<DgRequestsRepository['request']>[1],
  ): Promise<RequestRow> {
    const request = await this.dg.request(id, manager, true);
    if (!request) throw new DgRequestNotFound(id);
    new Problems()
      .check(
        request.status === 'draft',
        'id',
        'the request has been sent; its cases can no longer change',
      )
      .throwIfAny();
    return request;
  }

  async send(id: string, input: SendRequestInput, actor: Principal): Promise<DgRequestDto> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.draft(id, manager);
      const cycle = (await this.dg.cycle(request.cycleYear, manager))!;
      const sentOn = input.sentOn ?? cycle.sentOn ?? todayIso();
      const problems = new Problems();
      problems.check(sentOn <= todayIso(), 'sentOn', 'must not be in the future');
      problems.check(
        sentOn >= `${request.cycleYear}-01-01`,
        'sentOn',
        `must not be before the cycle year ${request.cycleYear}`,
      );
      problems.check(
        request.caseIds.length > 0,
        'caseIds',
        'a request must ask about at least one case',
      );
      problems.throwIfAny();
      await this.dg.markSent(manager, id, sentOn);
      const stored = (await this.dg.request(id, manager))!;
      return (await this.withResponses([stored], actor, manager))[0];
    });
  }

  /**
   * Records a state's answer; each reported status enters the case's history (reported by the
   * state, with the answer as source) in the same transaction. An answer not to be published
   * yields confidential entries.
   */
  async respond(id: string, input: DgResponseInput, actor: Principal): Promise<DgRequestDto> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.dg.request(id, manager, true);
      if (!request) throw new DgRequestNotFound(id);
      const problems = new Problems();
      problems.check(
        request.status === 'sent',
        'receivedOn',
        'the request has not been sent; no answer can precede it',
      );
      problems.check(
        !(await this.dg.hasResponse(id, manager)),
        'response',
        'the request has an answer already; record corrections as status entries',
      );
      problems.check(input.receivedOn <= todayIso(), 'receivedOn', 'must not be in the future');
      if (request.sentOn)
        problems.check(
          input.receivedOn >= request.sentOn,
          'receivedOn',
          `must not be before the request was sent (${request.sentOn})`,
        );
      const asked = new Set(request.caseIds);
      const seen = new Set<string>();
      (input.cases ?? []).forEach((reported, i) => {
        problems.check(
          asked.has(reported.caseId),
          `cases[${i}].caseId`,
          'was not asked about in this request',
        );
        problems.check(!seen.has(reported.caseId), `cases[${i}].caseId`, 'appears twice');
        seen.add(reported.caseId);
      });
      problems.throwIfAny();
      const responseId = await this.dg.insertResponse(manager, id, input, actor.label);
      for (const reported of input.cases ?? []) {
        const entry = await this.statuses.append(
          manager,
          reported.caseId,
          {
            scheme: 'unesco',
            status: reported.status,
            effectiveDate: input.receivedOn,
            reportedBy: 'state',
            source: `UNESCO DG request ${request.cycleYear}: answer of ${request.countryName} (${responseId})`,
            note: reported.note ?? null,
          },
          actor.label,
          { dgResponseId: responseId, confidential: !input.publicationRequested },
        );
        await this.dg.insertReportedCase(
          manager,
          responseId,
          reported.caseId,
          reported.status,
          entry.id,
          reported.note ?? null,
        );
        await this.audit.record(manager, actor, {
          entityType: 'case',
          entityId: reported.caseId,
          action: 'update',
          after: { statusEntryId: entry.id, dgResponseId: responseId },
          note: `answer of ${request.countryName} to the ${request.cycleYear} DG request`,
        });
      }
      await this.outbox.stateAnswerRecorded(manager, actor, {
        requestId: id,
        responseId,
        cycleYear: request.cycleYear,
        countryCode: request.countryCode,
        receivedOn: input.receivedOn,
        publicationRequested: Boolean(input.publicationRequested),
      });
      const stored = (await this.dg.request(id, manager))!;
      return (await this.withResponses([stored], actor, manager))[0];
    });
  }

  async stateHistory(code: string, viewer: Principal): Promise<StateHistoryDto> {
    const countryCode = code.toUpperCase();
    if (!(await this.dg.countryExists(countryCode))) throw new StateNotFound(countryCode);
    const cycles = await this.dg.stateLedger(countryCode, canSeeConfidential(viewer));
    return {
      countryCode,
      asked: cycles.length,
      answered: cycles.filter((c) => c.answered).length,
      answeredOnTime: cycles.filter((c) => c.onTime).length,
      cycles,
    };
  }

  async caseHistory(caseId: string, viewer: Principal): Promise<CaseCycleDto[]> {
    if (!(await this.statuses.caseExists(caseId))) throw new StatusCaseNotFound(caseId);
    return (await this.dg.caseCycles([caseId], canSeeConfidential(viewer))).map(
      ({ caseId: _c, ...cycle }) => cycle,
    );
  }

  async responseRates(year: number): Promise<ResponseRatesDto> {
    await this.cycle(year);
    return (await this.responseRatesOf([year]))[0];
  }

  /** Response rates of several cycles at once, in the order of `years`. */
  async responseRatesOf(years: readonly number[]): Promise<ResponseRatesDto[]> {
    const rows = await this.dg.responseRates(years);
    const strip = ({ grouping: _g, year: _y, ...rate }: (typeof rows)[number]) => rate;
    return years.map((year) => {
      const own = rows.filter((r) => r.year === year);
      const overall = own.find((r) => r.grouping === 'all');
      return {
        year,
        overall: overall
          ? strip(overall)
          : { scope: 'all', asked: 0, answered: 0, answeredOnTime: 0, rate: null },
        byRegion: own.filter((r) => r.grouping === 'region').map(strip),
      };
    });
  }
}
