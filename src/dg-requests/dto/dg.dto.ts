import { DateScalar } from '../../common/time/instants.js';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { REPORTABLE_STATUSES, ReportableStatusEnum } from './dg.input.js';

@ObjectType('DgCycle', {
  description: 'One yearly round of UNESCO Director-General requests to states',
})
export class DgCycleDto {
  @Field(() => Int)
  @ApiProperty({ example: 2025 })
  year: number;

  @Field(() => Int, { description: 'Report edition the answers feed' })
  @ApiProperty({ example: 2026 })
  reportEdition: number;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  sentOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  deadline: string | null;

  @Field(() => Int, { description: 'Requests (states), drafts included' })
  @ApiProperty()
  requestCount: number;

  @Field(() => Int, { description: 'Requests sent' })
  @ApiProperty()
  sentCount: number;

  @Field(() => Int, { description: 'Requests answered' })
  @ApiProperty()
  answeredCount: number;
}

@ObjectType('DgReportedCase')
export class ReportedCaseDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @Field(() => ReportableStatusEnum)
  @ApiProperty({ enum: REPORTABLE_STATUSES })
  status: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

@ObjectType('DgResponse', {
  description:
    'A state’s answer; its content is withheld from the public unless the state asked for publication',
})
export class DgResponseDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  receivedOn: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Received by the deadline (null when the cycle has no deadline)',
  })
  @ApiProperty({ type: Boolean, nullable: true })
  onTime: boolean | null;

  @Field()
  @ApiProperty()
  publicationRequested: boolean;

  @Field({ description: 'True when the content below is withheld from this caller' })
  @ApiProperty()
  withheld: boolean;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  remarks: string | null;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  documents: string[];

  @Field(() => [ReportedCaseDto])
  @ApiProperty({ type: [ReportedCaseDto] })
  cases: ReportedCaseDto[];
}

@ObjectType('DgRequest', {
  description: 'A request to one state in one cycle, with the cases asked about',
})
export class DgRequestDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => Int)
  @ApiProperty()
  cycleYear: number;

  @Field()
  @ApiProperty({ example: 'MX' })
  countryCode: string;

  @Field()
  @ApiProperty({ example: 'Mexico' })
  countryName: string;

  @Field({ description: 'draft or sent' })
  @ApiProperty({ enum: ['draft', 'sent'] })
  status: string;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  sentOn: string | null;

  @Field(() => [ID], { description: 'Cases asked about' })
  @ApiProperty({ type: [String] })
  caseIds: string[];

  @Field(() => DgResponseDto, { nullable: true })
  @ApiProperty({ type: DgResponseDto, nullable: true })
  response: DgResponseDto | null;
}

@ObjectType('DgLedgerEntry', { description: 'One cycle of a state’s request ledger' })
export class LedgerEntryDto {
  @Field(() => Int)
  @ApiProperty()
  year: number;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  requestId: string;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  sentOn: string | null;

  @Field(() => Int, { description: 'Cases asked about' })
  @ApiProperty()
  casesAsked: number;

  @Field()
  @ApiProperty()
  answered: boolean;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  receivedOn: string | null;

  @Field(() => Boolean, { nullable: true })
  @ApiProperty({ type: Boolean, nullable: true })
  onTime: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Cases the answer reported on (withheld for unpublished answers)',
  })
  @ApiProperty({ type: Number, nullable: true })
  casesReportedOn: number | null;
}

@ObjectType('DgStateHistory', { description: 'A state’s answers to UNESCO across cycles' })
export class StateHistoryDto {
  @Field()
  @ApiProperty()
  countryCode: string;

  @Field(() => Int)
  @ApiProperty()
  asked: number;

  @Field(() => Int)
  @ApiProperty()
  answered: number;

  @Field(() => Int)
  @ApiProperty()
  answeredOnTime: number;

  @Field(() => [LedgerEntryDto])
  @ApiProperty({ type: [LedgerEntryDto] })
  cycles: LedgerEntryDto[];
}

@ObjectType('DgCaseCycle', {
  description: 'A cycle in which UNESCO asked a state about a case, and what was answered',
})
export class CaseCycleDto {
  @Field(() => Int)
  @ApiProperty()
  year: number;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  requestId: string;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  sentOn: string | null;

  @Field()
  @ApiProperty()
  answered: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Status the state reported for this case (null when not reported, or withheld)',
  })
  @ApiProperty({ type: String, nullable: true })
  reportedStatus: string | null;

  @Field()
  @ApiProperty()
  withheld: boolean;
}

@ObjectType('DgResponseRate')
export class ResponseRateDto {
  @Field({ description: 'all, or a region code' })
  @ApiProperty({ example: 'all' })
  scope: string;

  @Field(() => Int, { description: 'States asked (requests sent)' })
  @ApiProperty()
  asked: number;

  @Field(() => Int)
  @ApiProperty()
  answered: number;

  @Field(() => Int)
  @ApiProperty()
  answeredOnTime: number;

  @Field(() => Float, { nullable: true, description: 'answered / asked; null when none was asked' })
  @ApiProperty({ type: Number, nullable: true })
  rate: number | null;
}

@ObjectType('DgResponseRates')
export class ResponseRatesDto {
  @Field(() => Int)
  @ApiProperty()
  year: number;

  @Field(() => ResponseRateDto)
  @ApiProperty({ type: ResponseRateDto })
  overall: ResponseRateDto;

  @Field(() => [ResponseRateDto], { description: 'By UNESCO region' })
  @ApiProperty({ type: [ResponseRateDto] })
  byRegion: ResponseRateDto[];
}
