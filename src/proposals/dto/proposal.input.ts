import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { CreateCaseDto, UpdateCaseDto } from '../../cases/dto/case.input.js';
import {
  CountryCodeField,
  EnumField,
  IntField,
  NestedField,
  TextField,
  UrlListField,
  UuidField,
} from '../../common/validation/fields.js';
import { CreateIncidentDto, UpdateIncidentDto } from '../../incidents/dto/incident.input.js';
import { UpdatePersonDto } from '../../people/dto/person.input.js';
import { INSTANT, ProceedingInput, StatusEntryInput } from '../../statuses/dto/status.input.js';
import { ArrayMinSize, Matches } from 'class-validator';
import { LANGUAGE_TAG } from '../../translations/dto/translation.dto.js';
import {
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  PROPOSAL_TARGETS,
  ProposalKindEnum,
  ProposalStatusEnum,
  ProposalTargetEnum,
} from '../proposal.enums.js';
import type { ProposalKind, ProposalStatus, ProposalTarget } from '../proposal.enums.js';
import {
  PageCursorField,
  PageLimitField,
  WithTotalField,
} from '../../common/pagination/page-fields.js';

/** What every proposal carries for its reviewer: where it comes from, and why. */
@InputType({ isAbstract: true })
export class ProposalEvidence {
  @UrlListField({
    description: 'Links to the evidence (at least one): reports, court documents, articles',
    maxItems: 20,
    example: ['https://example.org/court-ruling'],
  })
  @ArrayMinSize(1, { message: 'evidenceLinks must name at least one source' })
  evidenceLinks: string[];

  @TextField({ description: 'A note for the reviewer', optional: true, max: 5000 })
  note?: string | null;
}

@InputType('ProposeIncidentInput')
export class ProposeIncidentDto extends ProposalEvidence {
  @NestedField(() => CreateIncidentDto, {
    description: 'The incident, with its victims, as it would be recorded',
  })
  incident: CreateIncidentDto;
}

@InputType('ProposeCaseInput')
export class ProposeCaseDto extends ProposalEvidence {
  @NestedField(() => CreateCaseDto, { description: 'The case, in an existing incident' })
  case: CreateCaseDto;
}

@InputType('ProposeStatusEntryInput')
export class ProposeStatusEntryDto extends ProposalEvidence {
  @UuidField({ description: 'The case' })
  caseId: string;

  @NestedField(() => StatusEntryInput, { description: 'The status entry to append' })
  entry: StatusEntryInput;
}

@InputType('ProposeProceedingInput')
export class ProposeProceedingDto extends ProposalEvidence {
  @UuidField({ description: 'The case' })
  caseId: string;

  @NestedField(() => ProceedingInput, { description: 'The judicial or investigative step' })
  proceeding: ProceedingInput;
}

@InputType('ProposeCorrectionInput')
export class ProposeCorrectionDto extends ProposalEvidence {
  @EnumField(PROPOSAL_TARGETS, ProposalTargetEnum, {
    description: 'The kind of record to correct',
    example: 'case',
  })
  targetType: ProposalTarget;

  @UuidField({ description: 'The record to correct' })
  targetId: string;

  @NestedField(() => UpdateCaseDto, {
    description: 'The changes, when targetType is case',
    optional: true,
  })
  caseChanges?: UpdateCaseDto | null;

  @NestedField(() => UpdateIncidentDto, {
    description: 'The changes, when targetType is incident',
    optional: true,
  })
  incidentChanges?: UpdateIncidentDto | null;

  @NestedField(() => UpdatePersonDto, {
    description: 'The changes, when targetType is person',
    optional: true,
  })
  personChanges?: UpdatePersonDto | null;
}

@InputType('ProposeRetractionInput')
export class ProposeRetractionDto extends ProposalEvidence {
  @UuidField({ description: 'The case to retract' })
  caseId: string;

  @TextField({
    description: 'Why the case should be retracted',
    min: 3,
    max: 2000,
    example: 'Duplicate of another case',
  })
  reason: string;
}

@InputType('ProposeTranslationInput')
export class ProposeTranslationDto {
  @UuidField({ description: 'The incident whose description is translated' })
  incidentId: string;

  @Field({ description: 'BCP 47 language tag of the translation' })
  @ApiProperty({ example: 'fr', description: 'BCP 47 language tag of the translation' })
  @Matches(LANGUAGE_TAG, {
    message: 'language must be a BCP 47 language tag such as fr, es, ar or pt-BR',
  })
  language: string;

  @TextField({ description: 'The description, translated', max: 20000 })
  description: string;

  // The original description is the evidence of a translation: links are optional here.
  @UrlListField({
    description: 'Links that help the reviewer (optional for a translation)',
    maxItems: 20,
    optional: true,
  })
  evidenceLinks?: string[] | null;

  @TextField({ description: 'A note for the reviewer', optional: true, max: 5000 })
  note?: string | null;
}

@InputType('AcceptProposalInput')
export class AcceptProposalDto {
  @TextField({ description: 'A note on the decision', optional: true, max: 5000 })
  note?: string | null;
}

@InputType('RejectProposalInput')
export class RejectProposalDto {
  @TextField({
    description: 'Why the proposal is rejected (the submitter sees it)',
    min: 3,
    max: 5000,
  })
  reason: string;
}

/** Filters of the review queue; all combine (AND). */
@InputType('ProposalFilter')
export class ProposalFilterDto {
  @EnumField(PROPOSAL_STATUSES, ProposalStatusEnum, {
    description: 'Only this status (default: every status)',
    optional: true,
  })
  status?: ProposalStatus;

  @EnumField(PROPOSAL_KINDS, ProposalKindEnum, { description: 'Only this kind', optional: true })
  kind?: ProposalKind;

  @UuidField({ description: 'Only proposals of this organisation', optional: true })
  organisationId?: string;

  @CountryCodeField({
    description: 'Only proposals about this country (where the incident happened)',
    optional: true,
  })
  country?: string;

  @IntField({
    description: 'Only proposals waiting at least this many days',
    optional: true,
    min: 0,
    max: 36500,
  })
  minAgeDays?: number;

  @TextField({
    description: 'Only proposals filed on or after this date or instant',
    optional: true,
    max: 40,
  })
  @Matches(INSTANT, { message: 'submittedAfter must be a date or an ISO 8601 instant' })
  submittedAfter?: string;

  @TextField({
    description: 'Only proposals filed before this date or instant',
    optional: true,
    max: 40,
  })
  @Matches(INSTANT, { message: 'submittedBefore must be a date or an ISO 8601 instant' })
  submittedBefore?: string;
}

export class ListProposalsQuery extends ProposalFilterDto {
  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;

  @WithTotalField()
  withTotal?: boolean;
}
