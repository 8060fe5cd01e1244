import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EventsModule } from '../events/events.module.js';
import { CountriesModule } from '../countries/countries.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { Incident } from './incident.entity.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsResolver } from './incidents.resolver.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Incident]),
    CasesModule,
    CountriesModule,
    TaxonomyModule,
    AuditModule,
    EventsModule,
  ],
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService, IncidentsResolver],
  exports: [IncidentsRepository, IncidentsService],
})
export class IncidentsModule {}
