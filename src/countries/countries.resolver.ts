import { Args, Query, Resolver } from '@nestjs/graphql';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { CountriesService } from './countries.service.js';
import { CountryDto, CountryListDto, RegionWithCountDto } from './dto/country.dto.js';
import {
  CountryCodeParam,
  ListCountriesQuery,
  RegionSchemeQuery,
} from './dto/list-countries.query.js';

@PublicAccess()
@Resolver(() => CountryDto)
export class CountriesResolver {
  constructor(private readonly service: CountriesService) {}

  @Query(() => CountryListDto, { description: 'Countries, filtered by region or searched by name' })
  countries(
    @Args('filter', { nullable: true, type: () => ListCountriesQuery }) filter?: ListCountriesQuery,
  ): Promise<CountryListDto> {
    return this.service.list(filter ?? {});
  }

  @Query(() => CountryDto, { description: 'One country by its ISO 3166-1 alpha-2 code' })
  country(@Args() args: CountryCodeParam): Promise<CountryDto> {
    return this.service.get(args.code);
  }

  @Query(() => [RegionWithCountDto], {
    description: 'Regions of every scheme (or one), with their number of countries',
  })
  async regions(
    @Args('filter', { nullable: true, type: () => RegionSchemeQuery }) filter?: RegionSchemeQuery,
  ): Promise<RegionWithCountDto[]> {
    return (await this.service.regions(filter?.scheme)).data;
  }
}
