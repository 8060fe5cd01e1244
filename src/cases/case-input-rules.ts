// What the victims of a new incident or case must meet before anything is written, and the date
// rules that updates of a case apply as well.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Problems, todayIso } from '../common/errors/problems.js';
import { PeopleService } from '../people/people.service.js';
import { CasesRepository } from './cases.repository.js';
import { VictimInput } from './dto/case.input.js';
import { ClassificationInput } from './dto/classification.input.js';

@Injectable()
export class CaseInputRules {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly people: PeopleService,
  ) {}

  /**
   * Checks victims before anything is written: person given exactly one way, referenced people and
   * codes exist, dates plausible, one classification per monitor, external ids free.
   */
  async validateVictims(
    victims: VictimInput[],
    incidentStart: string | null,
    problems: Problems,
    prefixOf: (index: number) => string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const [existing, unknownNationalities] = await Promise.all([
      this.cases.existingPeople(
        victims.flatMap((v) => (v.personId ? [v.personId] : [])),
        manager,
      ),
      this.people.unknownNationalities(
        victims.flatMap((v) => (v.person ? [v.person] : [])),
        manager,
      ),
    ]);
    const seenPeople = new Set<string>();
    const seenExternal = new Set<string>();
    /** Where each external id was given, to name the field if another case holds it already. */
    const claims: { monitor: string; externalId: string; field: string }[] = [];
    for (const [index, victim] of victims.entries()) {
      const at = (field: string) => (prefixOf(index) ? `${prefixOf(index)}.${field}` : field);
      if (Boolean(victim.personId) === Boolean(victim.person))
        problems.add(
          at('person'),
          'give either personId (an existing person) or person (a new one)',
        );
      if (victim.personId && !existing.has(victim.personId))
        problems.add(at('personId'), `${victim.personId} is not a known person`);
      if (victim.personId && seenPeople.has(victim.personId))
        problems.add(at('personId'), 'the same person appears twice in this incident');
      if (victim.personId) seenPeople.add(victim.personId);
      if (victim.person)
        this.people.check(victim.person, unknownNationalities, problems, `${at('person')}.`);
      checkDeath(victim.outcome, victim.dateOfDeath, incidentStart, problems, at('dateOfDeath'));
      const monitors = new Set<string>();
      for (const [j, classification] of (victim.classifications ?? []).entries()) {
        const field = at(`classifications[${j}]`);
        if (monitors.has(classification.monitor))
          problems.add(`${field}.monitor`, `${classification.monitor} classifies this case twice`);
        monitors.add(classification.monitor);
        checkRecordedDate(classification, problems, `${field}.recordedDate`);
        if (classification.externalId) {
          const key = `${classification.monitor}\u0000${classification.externalId}`;
          if (seenExternal.has(key))
            problems.add(`${field}.externalId`, 'is given to two cases in this request');
          seenExternal.add(key);
          claims.push({
            monitor: classification.monitor,
            externalId: classification.externalId,
            field: `${field}.externalId`,
          });
        }
      }
    }
    const taken = await this.cases.externalIdsTaken(claims, null, manager);
    for (const claim of claims) {
      if (taken.some((t) => t.monitor === claim.monitor && t.externalId === claim.externalId))
        problems.add(
          claim.field,
          `${claim.monitor} id ${claim.externalId} already belongs to another case`,
        );
    }
  }
}

export function checkDeath(
  outcome: string | undefined,
  dateOfDeath: string | null | undefined,
  incidentStart: string | null,
  problems: Problems,
  field: string,
): void {
  if (!dateOfDeath) return;
  problems.check(outcome === 'killed', field, 'is only recorded for outcome killed');
  problems.check(dateOfDeath <= todayIso(), field, 'must not be in the future');
  if (incidentStart)
    problems.check(
      dateOfDeath >= incidentStart,
      field,
      `must not be before the incident (${incidentStart})`,
    );
}

export function checkRecordedDate(
  classification: ClassificationInput,
  problems: Problems,
  field: string,
): void {
  if (classification.recordedDate)
    problems.check(classification.recordedDate <= todayIso(), field, 'must not be in the future');
}
