import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { DuplicatesController } from './duplicates.controller.js';
import { DuplicatesRepository } from './duplicates.repository.js';
import { DuplicatesResolver } from './duplicates.resolver.js';
import { DuplicatesService } from './duplicates.service.js';
import { MergesRepository } from './merges.repository.js';
import { MergesService } from './merges.service.js';

@Module({
  imports: [AuditModule, EventsModule],
  controllers: [DuplicatesController],
  providers: [
    DuplicatesRepository,
    DuplicatesService,
    DuplicatesResolver,
    MergesRepository,
    MergesService,
  ],
  exports: [DuplicatesService],
})
export class DuplicatesModule {}
