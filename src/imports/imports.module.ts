import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EventsModule } from '../events/events.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { ExportsModule } from '../exports/exports.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { HeldRecordsController } from './held-records.controller.js';
import { HeldRecordsService } from './held-records.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsResolver } from './imports.resolver.js';
import { ImportsService } from './imports.service.js';
import { InterruptedJobs } from './interrupted-jobs.js';
import { registerUploadParser } from './upload-body.js';

@Module({
  imports: [ExportsModule, MetricsModule, EventsModule, DuplicatesModule],
  controllers: [ImportsController, HeldRecordsController],
  providers: [
    ImportsRepository,
    ImportsService,
    HeldRecordsService,
    ImportsResolver,
    InterruptedJobs,
  ],
  exports: [ImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Uploaded files go to disk as they arrive (see upload-body.ts). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerUploadParser(fastify);
  }
}
