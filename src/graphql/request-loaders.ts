import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { toCaseDtos } from '../cases/case.mapper.js';
import { CasesRepository } from '../cases/cases.repository.js';
import type { CaseDto, ClassificationDto } from '../cases/dto/case.dto.js';
import { CountriesRepository } from '../countries/countries.repository.js';
import { toCountryDto } from '../countries/country.mapper.js';
import type { CountryDto } from '../countries/dto/country.dto.js';
import type { IncidentDto } from '../incidents/dto/incident.dto.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import type { PersonDto } from '../people/dto/person.dto.js';
import { PeopleRepository } from '../people/people.repository.js';
import { toPersonDto } from '../people/person.mapper.js';

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
  ) {}

  readonly person = new DataLoader<string, PersonDto | null>(async (ids) =>
    byKey(ids, (await this.people.findByIds(ids)).map(toPersonDto), (p) => p.id),
  );

  readonly incident = new DataLoader<string, IncidentDto | null>(async (ids) =>
    byKey(
      ids,
      (await this.incidents.findRows(ids)).map(({ sortDate: _s, ...row }) => row),
      (i) => i.id,
    ),
  );

  readonly country = new DataLoader<string, CountryDto | null>(async (codes) =>
    byKey(codes, (await this.countries.findByCodes(codes)).map(toCountryDto), (c) => c.code),
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
}

@Injectable()
export class RequestLoadersFactory {
  constructor(
    private readonly people: PeopleRepository,
    private readonly incidents: IncidentsRepository,
    private readonly countries: CountriesRepository,
    private readonly cases: CasesRepository,
  ) {}

  create(): RequestLoaders {
    return new RequestLoaders(this.people, this.incidents, this.countries, this.cases);
  }
}
