import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestWithPrincipal } from '../common/auth/access.guard.js';
import { ANONYMOUS, canSeeConfidential, type Principal } from '../common/auth/principal.js';
import type { ConfidentialDetailsDto } from '../common/confidentiality/confidential.js';
import { toCaseDtos } from '../cases/case.mapper.js';
import { CasesRepository } from '../cases/cases.repository.js';
import type { CaseDto, ClassificationDto } from '../cases/dto/case.dto.js';
import { CountriesRepository } from '../countries/countries.repository.js';
import { DgRequestsRepository } from '../dg-requests/dg-requests.repository.js';
import { DgRequestsService } from '../dg-requests/dg-requests.service.js';
import type { CaseCycleDto, DgRequestDto, ResponseRatesDto } from '../dg-requests/dto/dg.dto.js';
import type { CountryDto } from '../countries/dto/country.dto.js';
import { IncidentsRepository, type IncidentNode } from '../incidents/incidents.repository.js';
import type { PersonDto } from '../people/dto/person.dto.js';
import { PeopleRepository } from '../people/people.repository.js';
import type {
  CaseStatusDto,
  CpjComparisonDto,
  ProceedingDto,
  StatusEntryDto,
  StatusEntryRef,
} from '../statuses/dto/status.dto.js';
import type { StatusQuery } from '../statuses/dto/status.input.js';
import type { Scheme } from '../statuses/status.enums.js';
import { StatusesRepository } from '../statuses/statuses.repository.js';
import { StatusesService } from '../statuses/statuses.service.js';

/** Runs one batch per distinct query (e.g. per asOf) and puts the answers back in key order. */
async function perQuery<Q, V>(
  keys: readonly { caseId: string; query: Q }[],
  load: (caseIds: string[], query: Q) => Promise<V[]>,
): Promise<V[]> {
  const groups = new Map<string, { query: Q; indexes: number[] }>();
  keys.forEach((key, index) => {
    const id = JSON.stringify(key.query);
    const group = groups.get(id) ?? { query: key.query, indexes: [] };
    group.indexes.push(index);
    groups.set(id, group);
  });
  const results = new Array<V>(keys.length);
  for (const { query, indexes } of groups.values()) {
    const values = await load(
      indexes.map((i) => keys[i].caseId),
      query,
    );
    indexes.forEach((keyIndex, position) => (results[keyIndex] = values[position]));
  }
  return results;
}
const cacheKey = (key: object) => JSON.stringify(key);

/** Groups rows by a key, in the order DataLoader asked for the keys. */
function groupFor<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * Batching loaders for one GraphQL request: every nested field that reads the database goes through
 * one of these, so a page costs the same few statements whatever its size. Made anew per request,
 * so nothing is cached across callers.
 */
export class RequestLoaders {
  constructor(
    private readonly people: PeopleRepository,
    private readonly incidents: IncidentsRepository,
    private readonly countries: CountriesRepository,
    private readonly cases: CasesRepository,
    private readonly statusesRepository: StatusesRepository,
    private readonly statuses: StatusesService,
    private readonly dg: DgRequestsRepository,
    private readonly dgService: DgRequestsService,
    /** The caller, known once the access guard has run (before any field is resolved). */
    private readonly viewer: () => Principal | undefined,
  ) {}

  private confidential(): boolean {
    return canSeeConfidential(this.viewer());
  }

  // People, incidents and countries are read as plain rows in their API shape.
  readonly person = new DataLoader<string, PersonDto | null>(async (ids) =>
    byKey(ids, await this.people.findDtos(ids), (p) => p.id),
  );

  readonly incident = new DataLoader<string, IncidentNode | null>(async (ids) =>
    byKey(ids, await this.incidents.findNodes(ids), (i) => i.id),
  );

  /** Confidential details, read only when the caller may see them (and then in one batch). */
  readonly caseConfidential = new DataLoader<string, ConfidentialDetailsDto | null>(async (ids) =>
    this.confidential()
      ? this.detailsOf(ids, await this.cases.confidentialOf(ids))
      : ids.map(() => null),
  );

  readonly incidentConfidential = new DataLoader<string, ConfidentialDetailsDto | null>(
    async (ids) =>
      this.confidential()
        ? this.detailsOf(ids, await this.incidents.confidentialOf(ids))
        : ids.map(() => null),
  );

  private detailsOf(
    ids: readonly string[],
    found: Map<string, ConfidentialDetailsDto>,
  ): (ConfidentialDetailsDto | null)[] {
    return ids.map((id) => found.get(id) ?? null);
  }

  readonly country = new DataLoader<string, CountryDto | null>(async (codes) =>
    byKey(codes, await this.countries.findDtos(codes), (c) => c.code),
  );

  readonly classificationsByCase = new DataLoader<string, ClassificationDto[]>(async (caseIds) =>
    groupFor(caseIds, await this.cases.classificationsOf(caseIds), (c) => c.caseId).map((list) =>
      list.map(({ caseId: _c, ...rest }) => rest),
    ),
  );

  readonly casesByIncident = new DataLoader<string, CaseDto[]>(async (incidentIds) => {
    const rows = await this.cases.rowsByIncidents(incidentIds);
    return groupFor(
      incidentIds,
      toCaseDtos(rows, await this.cases.classificationsOf(rows.map((r) => r.id))),
      (c) => c.incidentId,
    );
  });

  readonly casesByPerson = new DataLoader<string, CaseDto[]>(async (personIds) => {
    const rows = await this.cases.rowsByPeople(personIds);
    return groupFor(
      personIds,
      toCaseDtos(rows, await this.cases.classificationsOf(rows.map((r) => r.id))),
      (c) => c.personId,
    );
  });

  /**
   * A case's status: the public's current status (no asOf, no knownAsOf) from one batch over
   * case_current_status for both schemes; any other from a batch per distinct query. The entry
   * that sets it is read only if asked for (statusEntry).
   */
  statusOf(caseId: string, query: StatusQuery): Promise<CaseStatusDto> {
    const scheme = query.scheme ?? 'unesco';
    if (!query.asOf && !query.knownAsOf && !this.confidential())
      return this.currentStatus.load(caseId).then((statuses) => statuses[scheme]);
    return this.status.load({ caseId, query: { ...query, scheme } });
  }

  private readonly currentStatus = new DataLoader<string, Record<Scheme, CaseStatusDto>>((ids) =>
    this.statuses.currentStatusesOf(ids),
  );

  private readonly status = new DataLoader<
    { caseId: string; query: StatusQuery },
    CaseStatusDto,
    string
  >(
    (keys) =>
      perQuery(keys, (caseIds, query) =>
        this.statuses.statusesOf(caseIds, query, this.confidential(), false),
      ),
    { cacheKeyFn: cacheKey },
  );

  readonly statusEntry = new DataLoader<StatusEntryRef, StatusEntryDto | null, string>(
    (refs) => this.statuses.entriesOf(refs),
    { cacheKeyFn: cacheKey },
  );

  readonly statusHistory = new DataLoader<
    { caseId: string; query: { scheme?: Scheme } },
    StatusEntryDto[],
    string
  >(
    (keys) =>
      perQuery(keys, async (caseIds, query) =>
        groupFor(
          caseIds,
          await this.statusesRepository.history(caseIds, query.scheme, this.confidential()),
          (e) => e.caseId,
        ),
      ),
    { cacheKeyFn: cacheKey },
  );

  readonly dgHistory = new DataLoader<string, CaseCycleDto[]>(async (caseIds) =>
    groupFor(caseIds, await this.dg.caseCycles(caseIds, this.confidential()), (c) => c.caseId).map(
      (list) => list.map(({ caseId: _c, ...cycle }) => cycle),
    ),
  );

  readonly dgRequestsByCycle = new DataLoader<number, DgRequestDto[]>((years) =>
    this.dgService.requestsOfCycles(years, this.viewer() ?? ANONYMOUS),
  );

  readonly dgResponseRates = new DataLoader<number, ResponseRatesDto>((years) =>
    this.dgService.responseRatesOf(years),
  );

  readonly proceedings = new DataLoader<string, ProceedingDto[]>(async (caseIds) =>
    groupFor(caseIds, await this.statusesRepository.proceedings(caseIds), (p) => p.caseId),
  );

  readonly cpj = new DataLoader<
    { caseId: string; query: { asOf?: string } },
    CpjComparisonDto,
    string
  >(
    (keys) =>
      perQuery(keys, async (caseIds, query) =>
        byKey(
          caseIds,
          await this.statuses.cpjComparisons(caseIds, query.asOf),
          (c) => c.caseId,
        ).map((c) => c!),
      ),
    { cacheKeyFn: cacheKey },
  );
}

@Injectable()
export class RequestLoadersFactory {
  constructor(
    private readonly people: PeopleRepository,
    private readonly incidents: IncidentsRepository,
    private readonly countries: CountriesRepository,
    private readonly cases: CasesRepository,
    private readonly statusesRepository: StatusesRepository,
    private readonly statuses: StatusesService,
    private readonly dg: DgRequestsRepository,
    private readonly dgService: DgRequestsService,
  ) {}

  create(request: RequestWithPrincipal): RequestLoaders {
    return new RequestLoaders(
      this.people,
      this.incidents,
      this.countries,
      this.cases,
      this.statusesRepository,
      this.statuses,
      this.dg,
      this.dgService,
      () => request.principal,
    );
  }
}
