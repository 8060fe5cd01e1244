import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { PersonDto } from './person.dto.js';

@ObjectType('PersonPage')
export class PersonPageDto {
  @Field(() => [PersonDto])
  @ApiProperty({ type: [PersonDto] })
  data: PersonDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
