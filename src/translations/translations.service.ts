import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/auth/principal.js';
import { Problems } from '../common/errors/problems.js';
import { IncidentNotFound } from '../incidents/incidents.errors.js';
import { IncidentTextsDto, TranslationDto } from './dto/translation.dto.js';
import { TranslationsRepository } from './translations.repository.js';

/** The canonical spelling of a tag (pt-br → pt-BR), or undefined when Intl does not know it. */
function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Language-tagged texts of incidents: the original description's language and its translations.
 * Translations are public, like the description they translate; reviewers and administrators
 * write them directly, contributors propose them for review (a `translation` proposal), and each
 * change is audited on the incident.
 */
@Injectable()
export class TranslationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly texts: TranslationsRepository,
    private readonly audit: AuditService,
  ) {}

  async ofIncident(incidentId: string): Promise<IncidentTextsDto> {
    const original = await this.texts.original(incidentId);
    if (!original) throw new IncidentNotFound(incidentId);
    return { incidentId, ...original, translations: await this.texts.translations(incidentId) };
  }

  /**
   * Adds or replaces a translation; in the caller's transaction when given one (a reviewer
   * accepting a contributor's proposed translation), else in a new one.
   */
  async translate(
    incidentId: string,
    language: string,
    description: string,
    actor: Principal,
    within?: EntityManager,
  ): Promise<TranslationDto> {
    const tag = this.checkedTag(language);
    const run = <T>(work: (manager: EntityManager) => Promise<T>) =>
      within ? work(within) : this.dataSource.transaction(work);
    return run(async (manager) => {
      const original = await this.texts.original(incidentId, manager);
      if (!original) throw new IncidentNotFound(incidentId);
      new Problems()
        .check(
          original.language !== tag,
          'language',
          `is the language of the original description (${tag}); a translation is into another`,
        )
        .check(Boolean(original.description), 'incidentId', 'the incident has no description')
        .throwIfAny();
      const { before, after } = await this.texts.upsert(
        manager,
        incidentId,
        tag,
        description,
        actor.label,
      );
      await this.audit.record(manager, actor, {
        entityType: 'incident',
        entityId: incidentId,
        action: 'update',
        before: before ? { translation: before } : undefined,
        after: { translation: after },
        note: `description translated into ${tag}`,
      });
      return after;
    });
  }

  async setLanguage(
    incidentId: string,
    language: string,
    actor: Principal,
  ): Promise<IncidentTextsDto> {
    const tag = this.checkedTag(language);
    await this.dataSource.transaction(async (manager) => {
      const original = await this.texts.original(incidentId, manager);
      if (!original) throw new IncidentNotFound(incidentId);
      await this.texts.setLanguage(manager, incidentId, tag);
      await this.audit.record(manager, actor, {
        entityType: 'incident',
        entityId: incidentId,
        action: 'update',
        before: { descriptionLanguage: original.language },
        after: { descriptionLanguage: tag },
        note: `description language set to ${tag}`,
      });
    });
    return this.ofIncident(incidentId);
  }

  private checkedTag(language: string): string {
    const tag = canonicalTag(language);
    if (!tag)
      new Problems().add('language', `${language} is not a valid language tag`).throwIfAny();
    return tag!;
  }
}
