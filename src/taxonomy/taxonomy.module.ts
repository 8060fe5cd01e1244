import { Module } from '@nestjs/common';
import { TaxonomyController, TaxonomyResolver } from './taxonomy.controller.js';
import { TaxonomyRepository } from './taxonomy.repository.js';

@Module({
  controllers: [TaxonomyController],
  providers: [TaxonomyRepository, TaxonomyResolver],
  exports: [TaxonomyRepository],
})
export class TaxonomyModule {}
