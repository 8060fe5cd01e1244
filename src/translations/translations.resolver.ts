import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PublicAccess, ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { UuidArg } from '../common/validation/id.param.js';
import {
  DescriptionLanguageInput,
  IncidentTextsDto,
  TranslateDescriptionInput,
  TranslationDto,
} from './dto/translation.dto.js';
import { TranslationsService } from './translations.service.js';

@Resolver(() => IncidentTextsDto)
export class TranslationsResolver {
  constructor(private readonly translations: TranslationsService) {}

  @PublicAccess()
  @Query(() => IncidentTextsDto, {
    description: 'An incident’s description in its original language, and its translations',
  })
  incidentTexts(@UuidArg('incidentId') incidentId: string): Promise<IncidentTextsDto> {
    return this.translations.ofIncident(incidentId);
  }

  @ReviewerAccess()
  @Mutation(() => TranslationDto, {
    description:
      'Add a translation of an incident’s description, or replace the one in that language',
  })
  translateDescription(
    @Args('input') input: TranslateDescriptionInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<TranslationDto> {
    return this.translations.translate(input.incidentId, input.language, input.description, actor);
  }

  @ReviewerAccess()
  @Mutation(() => IncidentTextsDto, {
    description: 'Say which language an incident’s original description is written in',
  })
  setDescriptionLanguage(
    @Args('input') input: DescriptionLanguageInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentTextsDto> {
    return this.translations.setLanguage(input.incidentId, input.language, actor);
  }
}
