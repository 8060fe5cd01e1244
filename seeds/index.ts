import type { DataSource } from 'typeorm';
import { seedCountries } from './countries.seed.js';
import { seedDgCycles, seedDgEditions } from './dg-editions.seed.js';
import { seedPublishedFigures } from './published-figures.seed.js';
import { seedTaxonomy } from './taxonomy.seed.js';

/**
 * Reference data that every installation needs (safe in production). Each seed is an upsert, so
 * running them again leaves the same rows. All run in one transaction.
 */
export async function runReferenceSeeds(dataSource: DataSource): Promise<Record<string, number>> {
  return dataSource.transaction(async (manager) => ({
    countries: await seedCountries(manager),
    taxonomy: await seedTaxonomy(manager),
    dgEditions: await seedDgEditions(manager),
    dgCycles: await seedDgCycles(manager),
    publishedFigures: await seedPublishedFigures(manager),
  }));
}
