import { Country } from './country.entity.js';
import { CountryDto, RegionDto } from './dto/country.dto.js';

export function toCountryDto(country: Country): CountryDto {
  const regions: RegionDto[] = (country.regions ?? []).map((m) => ({
    scheme: m.scheme,
    code: m.regionCode,
    name: m.region.name,
  }));
  return {
    code: country.code,
    alpha3: country.alpha3,
    numericCode: country.numericCode,
    name: country.name,
    worldBankCode: country.worldBankCode,
    status: country.status,
    validFrom: country.validFrom,
    validTo: country.validTo,
    unescoRegion: regions.find((r) => r.scheme === 'unesco') ?? null,
    regions,
  };
}
