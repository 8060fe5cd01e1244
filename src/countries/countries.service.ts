import { Injectable } from '@nestjs/common';
import { CountriesRepository } from './countries.repository.js';
import { CountryNotFound, RegionNotFound, RegionSchemeNotFound } from './countries.errors.js';
import { toCountryDto } from './country.mapper.js';
import { CountryDto, CountryListDto, RegionListDto } from './dto/country.dto.js';
import { ListCountriesQuery } from './dto/list-countries.query.js';

export const DEFAULT_REGION_SCHEME = 'unesco';

@Injectable()
export class CountriesService {
  constructor(private readonly countries: CountriesRepository) {}

  /** The whole reference list (about 250 rows), filtered; small and bounded, so not paginated. */
  async list(query: ListCountriesQuery = {}): Promise<CountryListDto> {
    const scheme = query.scheme ?? DEFAULT_REGION_SCHEME;
    await this.assertScheme(scheme);
    if (query.region && !(await this.countries.regionExists(scheme, query.region))) {
      throw new RegionNotFound(scheme, query.region);
    }
    const data = (await this.countries.list({ scheme, region: query.region, q: query.q })).map(
      toCountryDto,
    );
    return { data, total: data.length };
  }

  async get(code: string): Promise<CountryDto> {
    const country = await this.countries.findByCode(code.toUpperCase());
    if (!country) throw new CountryNotFound(code.toUpperCase());
    return toCountryDto(country);
  }

  async regions(scheme?: string): Promise<RegionListDto> {
    if (scheme) await this.assertScheme(scheme);
    return { data: await this.countries.regions(scheme) };
  }

  private async assertScheme(scheme: string): Promise<void> {
    if (!(await this.countries.schemeExists(scheme))) throw new RegionSchemeNotFound(scheme);
  }
}
