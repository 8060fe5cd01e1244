import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { StatusesController } from './statuses.controller.js';
import { StatusesRepository } from './statuses.repository.js';
import { CaseStatusResolver, StatusesResolver } from './statuses.resolver.js';
import { StatusesService } from './statuses.service.js';

@Module({
  imports: [AuditModule, EventsModule],
  controllers: [StatusesController],
  providers: [StatusesRepository, StatusesService, StatusesResolver, CaseStatusResolver],
  exports: [StatusesRepository, StatusesService],
})
export class StatusesModule {}
