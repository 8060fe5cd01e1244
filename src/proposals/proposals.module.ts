import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EventsModule } from '../events/events.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { PeopleModule } from '../people/people.module.js';
import { StatusesModule } from '../statuses/statuses.module.js';
import { TranslationsModule } from '../translations/translations.module.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsRepository } from './proposals.repository.js';
import { ProposalsResolver } from './proposals.resolver.js';
import { ProposalsService } from './proposals.service.js';

@Module({
  imports: [
    AuditModule,
    EventsModule,
    CasesModule,
    IncidentsModule,
    PeopleModule,
    StatusesModule,
    TranslationsModule,
  ],
  controllers: [ProposalsController],
  providers: [ProposalsRepository, ProposalsService, ProposalsResolver],
  exports: [ProposalsService],
})
export class ProposalsModule {}
