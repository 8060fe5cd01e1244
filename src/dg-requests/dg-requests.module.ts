import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { StatusesModule } from '../statuses/statuses.module.js';
import { DgRequestsController } from './dg-requests.controller.js';
import { DgRequestsRepository } from './dg-requests.repository.js';
import { CaseDgHistoryResolver, DgRequestsResolver } from './dg-requests.resolver.js';
import { DgRequestsService } from './dg-requests.service.js';

@Module({
  imports: [StatusesModule, AuditModule, EventsModule],
  controllers: [DgRequestsController],
  providers: [DgRequestsRepository, DgRequestsService, DgRequestsResolver, CaseDgHistoryResolver],
  exports: [DgRequestsRepository, DgRequestsService],
})
export class DgRequestsModule {}
