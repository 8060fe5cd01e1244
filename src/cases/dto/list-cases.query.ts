import { InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { INSTANT } from '../../statuses/dto/status.input.js';
import { SCHEMES, SchemeEnum, STATUSES, StatusEnum } from '../../statuses/status.enums.js';
import type { Scheme, Status } from '../../statuses/status.enums.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  BoolField,
  CountryCodeField,
  DateField,
  EnumField,
  IntField,
  TextField,
  UuidField,
} from '../../common/validation/fields.js';
import {
  EMPLOYMENTS,
  EmploymentEnum,
  GENDERS,
  GenderEnum,
  MEDIA_TYPES,
  MediaTypeEnum,
  ROLES,
  RoleEnum,
} from '../../people/person.enums.js';
import type { Employment, Gender, MediaType, Role } from '../../people/person.enums.js';
import { CONTEXTS, ContextEnum } from '../../incidents/incident.enums.js';
import type { Context } from '../../incidents/incident.enums.js';
import {
  DISAGREEMENTS,
  DisagreementEnum,
  LOCAL_FOREIGN,
  LocalForeignEnum,
  MONITORS,
  MonitorEnum,
  OUTCOMES,
  OutcomeEnum,
} from '../case.enums.js';
import type { Disagreement, LocalForeign, Monitor, Outcome } from '../case.enums.js';
import { PageLimitField, PageCursorField } from '../../common/pagination/page-fields.js';

/** Every filter of the case list; all combine (AND). Statistics take the same filters. */
@InputType('CaseFilter')
export class CaseFilterDto {
  @CountryCodeField({
    description: 'Country where the incident happened (ISO alpha-2)',
    optional: true,
  })
  country?: string;

  @TextField({
    description:
      'Region of the incident’s country (UNESCO scheme unless regionScheme says otherwise)',
    optional: true,
    max: 60,
    example: 'arab_states',
  })
  region?: string;

  @TextField({
    description: 'Region scheme for `region` (default unesco)',
    optional: true,
    max: 40,
    example: 'unesco',
  })
  regionScheme?: string;

  @IntField({
    description: 'Incidents in or after this year (a span overlapping it counts)',
    optional: true,
    min: 1900,
    max: 2100,
    example: 2006,
  })
  yearFrom?: number;

  @IntField({
    description: 'Incidents in or before this year (a span overlapping it counts)',
    optional: true,
    min: 1900,
    max: 2100,
  })
  yearTo?: number;

  @DateField({
    description:
      'Incidents on or after this date: an incident dated to a month, a year or a range matches when its span overlaps',
    optional: true,
  })
  dateFrom?: string;

  @DateField({
    description:
      'Incidents on or before this date: an incident dated to a month, a year or a range matches when its span overlaps',
    optional: true,
  })
  dateTo?: string;

  @TextField({
    description: 'Attack type; a parent type (e.g. killing) matches its children',
    optional: true,
    max: 60,
    example: 'killing',
  })
  attackType?: string;

  @TextField({
    description: 'Perpetrator type',
    optional: true,
    max: 60,
    example: 'criminal_group',
  })
  perpetratorType?: string;

  @EnumField(OUTCOMES, OutcomeEnum, { description: 'Outcome for the person', optional: true })
  outcome?: Outcome;

  @EnumField(GENDERS, GenderEnum, { description: 'Gender of the person', optional: true })
  gender?: Gender;

  @EnumField(ROLES, RoleEnum, { description: 'Role of the person', optional: true })
  role?: Role;

  @EnumField(MEDIA_TYPES, MediaTypeEnum, {
    description: 'A media type the person worked in',
    optional: true,
  })
  mediaType?: MediaType;

  @EnumField(EMPLOYMENTS, EmploymentEnum, { description: 'Staff or freelance', optional: true })
  employment?: Employment;

  @EnumField(LOCAL_FOREIGN, LocalForeignEnum, { description: 'Local or foreign', optional: true })
  localForeign?: LocalForeign;

  @EnumField(CONTEXTS, ContextEnum, { description: 'Conflict or not', optional: true })
  context?: Context;

  @EnumField(MONITORS, MonitorEnum, {
    description:
      'Cases this monitor counts (its classification includes them; cases it explicitly excludes are left out). With externalId: that monitor’s record, whatever it says',
    optional: true,
  })
  monitor?: Monitor;

  @EnumField(MONITORS, MonitorEnum, {
    description: 'Cases this monitor includes',
    optional: true,
  })
  includedBy?: Monitor;

  @EnumField(MONITORS, MonitorEnum, {
    description: 'Cases this monitor explicitly excludes',
    optional: true,
  })
  excludedBy?: Monitor;

  @EnumField(DISAGREEMENTS, DisagreementEnum, {
    description:
      'Cases monitors disagree on: inclusion (one includes, another excludes), motive (one holds it work-related — motive confirmed or condemned by UNESCO — another has it unconfirmed), type_of_death (two types differ), or any',
    optional: true,
  })
  disagreement?: Disagreement;

  @UuidField({ description: 'Cases about this person', optional: true })
  personId?: string;

  @TextField({
    description: 'A monitor’s external id (with `monitor`, that monitor’s)',
    optional: true,
    max: 200,
  })
  externalId?: string;

  @TextField({
    description:
      'Text search over names, outlets, places and descriptions (accent-insensitive, fuzzy)',
    optional: true,
    max: 200,
    example: 'Ortega',
  })
  q?: string;

  @BoolField({ description: 'Include retracted cases (default false)', optional: true })
  includeRetracted?: boolean;

  @EnumField(STATUSES, StatusEnum, {
    description:
      'Judicial status in `scheme` (UNESCO: no_information when never reported), on `asOf` as known at `knownAsOf`',
    optional: true,
  })
  status?: Status;

  @EnumField(SCHEMES, SchemeEnum, {
    description: 'Scheme of `status` (default unesco)',
    optional: true,
  })
  scheme?: Scheme;

  @DateField({ description: 'Status on this date (default today)', optional: true })
  asOf?: string;

  @TextField({
    description: 'Status as known then: a date (end of that day, UTC) or an ISO 8601 instant',
    optional: true,
    max: 40,
    example: '2022-11-02',
  })
  @Matches(INSTANT, {
    message: 'knownAsOf must be a date (YYYY-MM-DD) or an ISO 8601 instant with offset',
  })
  knownAsOf?: string;

  @BoolField({
    description:
      'Only cases whose CPJ class derived from proceedings differs from the class last reported',
    optional: true,
  })
  cpjDisagreement?: boolean;
}

export const SORTS = ['date', '-date'] as const;

export class ListCasesQuery extends CaseFilterDto {
  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;

  @BoolField({ description: 'Also count every matching case (pageInfo.total)', optional: true })
  withTotal?: boolean;

  @ApiPropertyOptional({
    enum: SORTS,
    default: 'date',
    description: 'Incident date ascending (date) or descending (-date); ties by case id',
  })
  @IsOptional()
  @IsIn(SORTS, { message: 'sort must be date or -date' })
  sort?: (typeof SORTS)[number];
}
