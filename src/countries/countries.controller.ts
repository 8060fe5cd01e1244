import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { CountriesService } from './countries.service.js';
import { CountryDto, CountryListDto, RegionListDto } from './dto/country.dto.js';
import {
  CountryCodeParam,
  ListCountriesQuery,
  RegionSchemeQuery,
} from './dto/list-countries.query.js';

@ApiTags('countries')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'A query parameter is malformed; details name it',
})
@PublicAccess()
@Controller()
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  @Get('countries')
  @ApiOperation({ summary: 'List countries, filtered by region or searched by name' })
  @ApiOkResponse({ type: CountryListDto })
  list(@Query() query: ListCountriesQuery): Promise<CountryListDto> {
    return this.countries.list(query);
  }

  @Get('countries/:code')
  @ApiOperation({ summary: 'One country by its ISO 3166-1 alpha-2 code' })
  @ApiOkResponse({ type: CountryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No country has this code' })
  get(@Param() params: CountryCodeParam): Promise<CountryDto> {
    return this.countries.get(params.code);
  }

  @Get('regions')
  @ApiOperation({ summary: 'Regions of every scheme (or one), with their number of countries' })
  @ApiOkResponse({ type: RegionListDto })
  regions(@Query() query: RegionSchemeQuery): Promise<RegionListDto> {
    return this.countries.regions(query.scheme);
  }
}
