import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/auth/principal.js';
import { assertVersion, ExpectedVersion } from '../common/versioning/versions.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { Problems } from '../common/errors/problems.js';
import { TaxonomyRepository } from '../taxonomy/taxonomy.repository.js';
import { CreatePersonDto, UpdatePersonDto } from './dto/person.input.js';
import { PersonDto } from './dto/person.dto.js';
import { PersonPageDto } from './dto/person-page.dto.js';
import { ListPeopleParams } from './dto/list-people.query.js';
import { PersonHasCases, PersonNotFound } from './people.errors.js';
import { PeopleRepository } from './people.repository.js';
import { Person } from './person.entity.js';
import { toPersonDto } from './person.mapper.js';

@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleRepository,
    private readonly taxonomy: TaxonomyRepository,
    private readonly audit: AuditService,
  ) {}

  async list(params: ListPeopleParams): Promise<PersonPageDto> {
    const limit = pageLimit(params.limit);
    const after = params.cursor
      ? (decodeCursor(params.cursor, ['text', 'uuid']) as [string, string])
      : undefined;
    const filter = { ...params, nationality: params.nationality?.toUpperCase() };
    const [rows, total] = await Promise.all([
      this.people.list({ ...filter, after, limit }),
      params.withTotal ? this.people.count(filter) : Promise.resolve(null),
    ]);
    const result = page(rows, limit, (p) => [p.fullName, p.id], total);
    return { data: result.data.map(toPersonDto), pageInfo: result.pageInfo };
  }

  async get(id: string): Promise<PersonDto> {
    const person = await this.people.findById(id);
    if (!person) throw new PersonNotFound(id);
    return toPersonDto(person);
  }

  async create(input: CreatePersonDto, actor: Principal): Promise<PersonDto> {
    const problems = new Problems();
    await this.validate(input, problems);
    problems.throwIfAny();
    return this.dataSource.transaction(async (manager) =>
      toPersonDto(await this.createWithin(manager, input, actor)),
    );
  }

  /** Checks the references an input names; `prefix` places the field names inside a larger input. */
  async validate(
    input: Partial<CreatePersonDto>,
    problems: Problems,
    prefix = '',
    manager?: EntityManager,
  ): Promise<void> {
    this.check(input, await this.unknownNationalities([input], manager), problems, prefix);
  }

  /** The nationality codes that several inputs name and the tracker does not know, in one look-up. */
  async unknownNationalities(
    inputs: Partial<CreatePersonDto>[],
    manager?: EntityManager,
  ): Promise<Set<string>> {
    const codes = [...new Set(inputs.flatMap((input) => input.nationalities ?? []))];
    return new Set(await this.taxonomy.unknownCodes('countries', codes, manager));
  }

  /** validate(), with the unknown nationality codes already looked up. */
  check(
    input: Partial<CreatePersonDto>,
    unknownNationalities: Set<string>,
    problems: Problems,
    prefix = '',
  ): void {
    // Names are stored trimmed, and the database refuses an empty one.
    if (typeof input.fullName === 'string')
      problems.check(input.fullName.trim() !== '', `${prefix}fullName`, 'must not be blank');
    for (const code of input.nationalities ?? []) {
      if (!unknownNationalities.has(code)) continue;
      problems.add(
        `${prefix}nationalities[${input.nationalities!.indexOf(code)}]`,
        `${code} is not a known country code`,
      );
    }
  }

  /** Inserts a validated person inside the caller's transaction (creating an incident creates its victims). */
  async createWithin(
    manager: EntityManager,
    input: CreatePersonDto,
    actor: Principal,
  ): Promise<Person> {
    const person = manager.create(Person, {
      fullName: input.fullName.trim(),
      transliteratedName: input.transliteratedName ?? null,
      gender: input.gender ?? 'unknown',
      nationalities: input.nationalities ?? [],
      role: input.role ?? 'journalist',
      employment: input.employment ?? 'unknown',
      mediaTypes: input.mediaTypes ?? [],
      outlets: input.outlets ?? [],
      beats: input.beats ?? [],
    });
    const saved = await manager.save(person);
    await this.audit.record(manager, actor, {
      entityType: 'person',
      entityId: saved.id,
      action: 'create',
      after: toPersonDto(saved),
    });
    return saved;
  }

  async update(
    id: string,
    input: UpdatePersonDto,
    actor: Principal,
    expectedVersion: ExpectedVersion,
    manager?: EntityManager,
  ): Promise<PersonDto> {
    const problems = new Problems().notNull(input, [
      'fullName',
      'gender',
      'nationalities',
      'role',
      'employment',
      'mediaTypes',
      'outlets',
      'beats',
    ]);
    await this.validate(input, problems, '', manager);
    problems.throwIfAny();
    const work = async (manager: EntityManager) => {
      const person = await manager.findOne(Person, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person) throw new PersonNotFound(id);
      assertVersion('person', id, person.version, expectedVersion);
      const before = toPersonDto(person);
      const { fullName, ...rest } = input;
      Object.assign(
        person,
        Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      );
      if (fullName !== undefined) person.fullName = fullName.trim();
      person.version += 1;
      const saved = await manager.save(person);
      const after = toPersonDto(saved);
      await this.audit.record(manager, actor, {
        entityType: 'person',
        entityId: id,
        action: 'update',
        before,
        after,
      });
      return after;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async delete(id: string, actor: Principal, expectedVersion: ExpectedVersion): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const person = await manager.findOne(Person, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person) throw new PersonNotFound(id);
      const cases = await this.people.countCases(id, manager);
      if (cases > 0) throw new PersonHasCases(id, cases);
      assertVersion('person', id, person.version, expectedVersion);
      await manager.delete(Person, { id });
      await this.audit.record(manager, actor, {
        entityType: 'person',
        entityId: id,
        action: 'delete',
        before: toPersonDto(person),
      });
    });
  }
}
