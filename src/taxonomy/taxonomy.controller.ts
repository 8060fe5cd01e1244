import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Query, Resolver } from '@nestjs/graphql';
import { PublicAccess } from '../common/auth/access.decorator.js';
import {
  AttackTypeDto,
  AttackTypeListDto,
  PerpetratorTypeDto,
  PerpetratorTypeListDto,
} from './taxonomy.dto.js';
import { TaxonomyRepository } from './taxonomy.repository.js';

@ApiTags('reference data')
@PublicAccess()
@Controller()
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyRepository) {}

  @Get('attack-types')
  @ApiOperation({
    summary: 'The attack-type tree, with Council of Europe and Mapping Media Freedom categories',
  })
  @ApiOkResponse({ type: AttackTypeListDto })
  async attackTypes(): Promise<AttackTypeListDto> {
    return { data: await this.taxonomy.attackTypes() };
  }

  @Get('perpetrator-types')
  @ApiOperation({ summary: 'Perpetrator types' })
  @ApiOkResponse({ type: PerpetratorTypeListDto })
  async perpetratorTypes(): Promise<PerpetratorTypeListDto> {
    return { data: await this.taxonomy.perpetratorTypes() };
  }
}

@PublicAccess()
@Resolver()
export class TaxonomyResolver {
  constructor(private readonly taxonomy: TaxonomyRepository) {}

  @Query(() => [AttackTypeDto], { description: 'The attack-type tree' })
  attackTypes(): Promise<AttackTypeDto[]> {
    return this.taxonomy.attackTypes();
  }

  @Query(() => [PerpetratorTypeDto], { description: 'Perpetrator types' })
  perpetratorTypes(): Promise<PerpetratorTypeDto[]> {
    return this.taxonomy.perpetratorTypes();
  }
}
