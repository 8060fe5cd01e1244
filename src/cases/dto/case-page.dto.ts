import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { CaseDto } from './case.dto.js';

@ObjectType('CasePage')
export class CasePageDto {
  @Field(() => [CaseDto])
  @ApiProperty({ type: [CaseDto] })
  data: CaseDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
