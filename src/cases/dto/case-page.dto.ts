import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { CPJ_STATUSES, UNESCO_STATUSES } from '../../statuses/status.enums.js';
import { CaseDto } from './case.dto.js';

/** A case's status in each scheme today, as known now (REST lists; GraphQL asks Case.status). */
export class CurrentStatusDto {
  @ApiProperty({
    enum: UNESCO_STATUSES,
    description: 'UNESCO status; no_information until the state has reported on the case',
  })
  unesco: string;

  @ApiProperty({
    enum: CPJ_STATUSES,
    nullable: true,
    description: 'CPJ impunity class; null when CPJ has not classified the case',
  })
  cpj: string | null;
}

/** A case as a list shows it: with its current status in both schemes. */
export class CaseListItemDto extends CaseDto {
  @ApiProperty({
    type: CurrentStatusDto,
    description:
      'Its status in each scheme today, as known now (confidential entries count only for readers allowed to see them); the status filter’s asOf and knownAsOf do not change it',
  })
  currentStatus: CurrentStatusDto;
}

@ObjectType('CasePage')
export class CasePageDto {
  @Field(() => [CaseDto])
  @ApiProperty({ type: [CaseListItemDto] })
  data: CaseListItemDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}

/**
 * A page of the REST list whose items are JSON text (as PostgreSQL wrote them): its body is
 * CasePageDto's, written by toString() without parsing the items.
 */
export class CasePageJson {
  constructor(
    readonly items: string[],
    readonly pageInfo: PageInfoDto,
  ) {}

  toString(): string {
    return `{"data":[${this.items.join(',')}],"pageInfo":${JSON.stringify(this.pageInfo)}}`;
  }
}
