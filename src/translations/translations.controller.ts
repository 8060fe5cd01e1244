import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PublicAccess, ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import {
  DescriptionLanguageBody,
  IncidentTextsDto,
  LanguageParam,
  TranslationBody,
  TranslationDto,
} from './dto/translation.dto.js';
import { TranslationsService } from './translations.service.js';

@ApiTags('incidents')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('incidents')
export class TranslationsController {
  constructor(private readonly translations: TranslationsService) {}

  @Get(':id/translations')
  @PublicAccess()
  @ApiOperation({ summary: 'The description in its original language, and its translations' })
  @ApiOkResponse({ type: IncidentTextsDto })
  list(@Param() { id }: IdParam): Promise<IncidentTextsDto> {
    return this.translations.ofIncident(id);
  }

  @Put(':id/translations/:language')
  @ReviewerAccess()
  @ApiOperation({
    summary: 'Add a translation of the description, or replace the one in that language',
  })
  @ApiOkResponse({ type: TranslationDto })
  translate(
    @Param() { id, language }: LanguageParam,
    @Body() { description }: TranslationBody,
    @CurrentPrincipal() actor: Principal,
  ): Promise<TranslationDto> {
    return this.translations.translate(id, language, description, actor);
  }

  @Put(':id/description-language')
  @ReviewerAccess()
  @ApiOperation({ summary: 'Say which language the original description is written in' })
  @ApiOkResponse({ type: IncidentTextsDto })
  setLanguage(
    @Param() { id }: IdParam,
    @Body() { language }: DescriptionLanguageBody,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentTextsDto> {
    return this.translations.setLanguage(id, language, actor);
  }
}
