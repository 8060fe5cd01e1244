import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { CountriesModule } from '../countries/countries.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { PeopleModule } from '../people/people.module.js';
import { StatusesModule } from '../statuses/statuses.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { CaseDetailService } from './case-detail.service.js';
import { CaseGraphService } from './case-graph.service.js';
import { Case } from './case.entity.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesResolver } from './cases.resolver.js';
import { CaseInputRules } from './case-input-rules.js';
import { CasesService } from './cases.service.js';
import { MonitorClassification } from './monitor-classification.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Case, MonitorClassification]),
    PeopleModule,
    CountriesModule,
    TaxonomyModule,
    AuditModule,
    EventsModule,
    DuplicatesModule,
    StatusesModule,
  ],
  controllers: [CasesController],
  providers: [
    CasesRepository,
    CaseInputRules,
    CasesService,
    CaseDetailService,
    CaseGraphService,
    CasesResolver,
  ],
  exports: [CasesRepository, CaseInputRules, CasesService],
})
export class CasesModule {}
