import type { INestApplicationContext } from '@nestjs/common';
import { CasesService } from '../../src/cases/cases.service.js';
import { CreateCaseDto } from '../../src/cases/dto/case.input.js';
import type { Principal } from '../../src/common/auth/principal.js';
import { createValidationPipe } from '../../src/common/validation/validation.pipe.js';
import { CreateIncidentDto } from '../../src/incidents/dto/incident.input.js';
import { IncidentsService } from '../../src/incidents/incidents.service.js';
import { DEMO_INCIDENTS, DemoIncident } from './demo-cases.js';

export const DEMO_ACTOR: Principal = { kind: 'admin', label: 'demo-seed' };

export interface DemoSeedResult {
  incidentsCreated: number;
  casesCreated: number;
  casesPresent: number;
}

/**
 * Files the demonstration cases through the services, as an administrator would through the API:
 * the same validation (the API's validation pipe, then the services' own rules) and the same audit
 * trail. Idempotent: an incident is known by its country, date and place, and a victim by name
 * within it, so a second run finds everything and writes nothing; a victim added to the data later
 * is added to the incident already there.
 */
export async function runDemoSeed(
  app: INestApplicationContext,
  incidents: DemoIncident[] = DEMO_INCIDENTS,
): Promise<DemoSeedResult> {
  const incidentsService = app.get(IncidentsService);
  const casesService = app.get(CasesService);
  const pipe = createValidationPipe();
  const validated = <T>(metatype: new () => T, value: object): Promise<T> =>
    pipe.transform(value, { type: 'body', metatype, data: undefined });
  const result: DemoSeedResult = { incidentsCreated: 0, casesCreated: 0, casesPresent: 0 };

  for (const incident of incidents) {
    // Validated first: the look-up below takes its country and date as they are.
    const input = await validated(CreateIncidentDto, incident);
    const existing = await casesService.list(
      {
        country: incident.countryCode,
        dateFrom: incident.dateStart,
        dateTo: incident.dateStart,
        includeRetracted: true,
        limit: 200,
      },
      DEMO_ACTOR,
    );
    const filed = existing.data.filter((c) => c.incident.place === incident.place);
    if (filed.length === 0) {
      await incidentsService.create(input, DEMO_ACTOR);
      result.incidentsCreated += 1;
      result.casesCreated += incident.victims.length;
      continue;
    }
    const incidentId = filed[0].incident.id;
    const present = new Set(filed.map((c) => c.person.fullName));
    for (const victim of incident.victims) {
      if (present.has(victim.person.fullName)) {
        result.casesPresent += 1;
        continue;
      }
      await casesService.create(
        await validated(CreateCaseDto, { incidentId, ...victim }),
        DEMO_ACTOR,
      );
      result.casesCreated += 1;
    }
  }
  return result;
}
