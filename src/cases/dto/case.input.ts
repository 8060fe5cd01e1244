import { InputType, PickType, PartialType } from '@nestjs/graphql';
import { PartialType as RestPartialType, PickType as RestPickType } from '@nestjs/swagger';
import { ConfidentialDetailsInput } from '../../common/confidentiality/confidential.js';
import { CreatePersonDto } from '../../people/dto/person.input.js';
import { DateField, EnumField, NestedField, UuidField } from '../../common/validation/fields.js';
import { LOCAL_FOREIGN, LocalForeignEnum, OUTCOMES, OutcomeEnum } from '../case.enums.js';
import type { LocalForeign, Outcome } from '../case.enums.js';
import { ClassificationInput } from './classification.input.js';

/** A victim of an incident: an existing person (personId) or a new one (person), and the case's own fields. */
@InputType('VictimInput')
export class VictimInput {
  @UuidField({ description: 'An existing person; give this or `person`', optional: true })
  personId?: string;

  @NestedField(() => CreatePersonDto, {
    description: 'A new person, created with the case; give this or `personId`',
    optional: true,
  })
  person?: CreatePersonDto;

  @EnumField(OUTCOMES, OutcomeEnum, {
    description: 'What happened to the person',
    example: 'killed',
  })
  outcome: Outcome;

  @EnumField(LOCAL_FOREIGN, LocalForeignEnum, {
    description: 'Local or foreign, as reported (default unknown)',
    optional: true,
  })
  localForeign?: LocalForeign;

  @DateField({ description: 'Date of death, when it differs from the attack date', optional: true })
  dateOfDeath?: string | null;

  @NestedField(() => ClassificationInput, {
    description: 'What monitors say about the case, one entry per monitor',
    optional: true,
    each: true,
    maxItems: 7,
  })
  classifications?: ClassificationInput[];

  @NestedField(() => ConfidentialDetailsInput, {
    description: 'Source contacts, witness details, internal notes: never shown to the public',
    optional: true,
  })
  confidentialDetails?: ConfidentialDetailsInput | null;
}

@InputType('CaseInput')
export class CreateCaseDto extends VictimInput {
  @UuidField({ description: 'The incident the case belongs to' })
  incidentId: string;
}

@InputType('CaseUpdateInput')
export class UpdateCaseDto extends PartialType(
  PickType(
    VictimInput,
    ['outcome', 'localForeign', 'dateOfDeath', 'confidentialDetails'] as const,
    InputType,
  ),
  InputType,
) {}

/** The REST PATCH body: the same fields, documented for OpenAPI (the type above is GraphQL's). */
export class UpdateCaseBody extends RestPartialType(
  RestPickType(VictimInput, [
    'outcome',
    'localForeign',
    'dateOfDeath',
    'confidentialDetails',
  ] as const),
) {}
