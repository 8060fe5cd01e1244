import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import type { Countries } from 'world-countries';
import type { EntityManager } from 'typeorm';
import { FORMER_STATES, VALID_FROM } from '../src/countries/country-history.js';
import { CONTINENTS, UNESCO_REGIONS, unescoRegionOf } from './unesco-regions.js';

// Both packages ship CommonJS data; require keeps their typings honest.
const require = createRequire(import.meta.url);
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));
const worldCountries = require('world-countries') as Countries;

interface CountryRow {
  code: string;
  alpha3: string;
  numericCode: string | null;
  name: string;
  worldBankCode: string | null;
  status: 'official' | 'user_assigned' | 'historical';
  validFrom: string | null;
  validTo: string | null;
  continent: string | null;
}

/** The World Bank's codes where they differ from ISO alpha-3 (Kosovo has no ISO alpha-3). */
const WORLD_BANK_CODES: Record<string, string> = { XK: 'XKX' };
/** Former states (ISO 3166-3) that early-1990s and 2000s cases are recorded under. */
const HISTORICAL: CountryRow[] = FORMER_STATES.map((state) => ({
  code: state.code,
  alpha3: state.alpha3,
  numericCode: state.numericCode,
  name: state.name,
  worldBankCode: null,
  status: 'historical',
  validFrom: VALID_FROM[state.code] ?? null,
  validTo: state.validTo,
  continent: state.continent,
}));

export function countryRows(): CountryRow[] {
  const continents = new Map(worldCountries.map((c) => [c.cca2, c.region]));
  const current = Object.keys(isoCountries.getAlpha2Codes()).map((code): CountryRow => {
    const alpha3 = isoCountries.alpha2ToAlpha3(code) as string;
    return {
      code,
      alpha3,
      numericCode: (isoCountries.alpha2ToNumeric(code) as string | undefined) ?? null,
      name: isoCountries.getName(code, 'en') as string,
      worldBankCode: WORLD_BANK_CODES[code] ?? alpha3,
      status: code === 'XK' ? 'user_assigned' : 'official',
      validFrom: VALID_FROM[code] ?? null,
      validTo: null,
      continent: continents.get(code) ?? null,
    };
  });
  return [...current, ...HISTORICAL].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Upserts every country and its region in each scheme (UNESCO, continent). Idempotent, and rows
 * already as they should be are not written again (so a restart advances no revision and keeps
 * what depends on the countries, such as stored export rows).
 */
export async function seedCountries(manager: EntityManager): Promise<number> {
  const rows = countryRows();
  await manager.query(
    `INSERT INTO regions (scheme, code, name)
     SELECT scheme, code, name FROM unnest($1::text[], $2::text[], $3::text[]) AS r(scheme, code, name)
     ON CONFLICT (scheme, code) DO UPDATE SET name = EXCLUDED.name WHERE regions.name <> EXCLUDED.name`,
    [
      [
        ...Object.keys(UNESCO_REGIONS).map(() => 'unesco'),
        ...Object.keys(CONTINENTS).map(() => 'continent'),
      ],
      [...Object.keys(UNESCO_REGIONS), ...Object.keys(CONTINENTS)],
      [...Object.values(UNESCO_REGIONS), ...Object.values(CONTINENTS)],
    ],
  );
  await manager.query(
    `INSERT INTO countries (code, alpha3, numeric_code, name, world_bank_code, status, valid_from, valid_to)
     SELECT * FROM unnest($1::char(2)[], $2::char(3)[], $3::char(3)[], $4::text[], $5::char(3)[], $6::text[], $7::date[], $8::date[])
     ON CONFLICT (code) DO UPDATE SET alpha3 = EXCLUDED.alpha3, numeric_code = EXCLUDED.numeric_code,
       name = EXCLUDED.name, world_bank_code = EXCLUDED.world_bank_code, status = EXCLUDED.status,
       valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to
     WHERE (countries.alpha3, countries.numeric_code, countries.name, countries.world_bank_code, countries.status,
            countries.valid_from, countries.valid_to)
           IS DISTINCT FROM (EXCLUDED.alpha3, EXCLUDED.numeric_code, EXCLUDED.name, EXCLUDED.world_bank_code,
                             EXCLUDED.status, EXCLUDED.valid_from, EXCLUDED.valid_to)`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.alpha3),
      rows.map((r) => r.numericCode),
      rows.map((r) => r.name),
      rows.map((r) => r.worldBankCode),
      rows.map((r) => r.status),
      rows.map((r) => r.validFrom),
      rows.map((r) => r.validTo),
    ],
  );
  const memberships = rows.flatMap((r) => {
    const unesco = unescoRegionOf(r.code, r.continent ?? undefined);
    const continent = Object.entries(CONTINENTS).find(([, name]) => name === r.continent)?.[0];
    return [
      ...(unesco ? [[r.code, 'unesco', unesco]] : []),
      ...(continent ? [[r.code, 'continent', continent]] : []),
    ];
  });
  await manager.query(
    `INSERT INTO country_regions (country_code, scheme, region_code)
     SELECT * FROM unnest($1::char(2)[], $2::text[], $3::text[])
     ON CONFLICT (country_code, scheme) DO UPDATE SET region_code = EXCLUDED.region_code
       WHERE country_regions.region_code <> EXCLUDED.region_code`,
    [memberships.map((m) => m[0]), memberships.map((m) => m[1]), memberships.map((m) => m[2])],
  );
  return rows.length;
}
