import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { DuplicatesModule } from '../duplicates/duplicates.module.js';
import { ExportsModule } from '../exports/exports.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { CaseAttacher } from './case-attacher.js';
import { CaseBatchWriter } from './case-batch-writer.js';
import { CaseIdentities } from './case-identities.js';
import { CaseImporter } from './case-import.js';
import { CaseWritesRepository } from './case-writes.repository.js';
import { HeldRecordsController } from './held-records.controller.js';
import { HeldRecordsRepository } from './held-records.repository.js';
import { HeldRecordsService } from './held-records.service.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ImportSourcesRepository } from './import-sources.repository.js';
import { ImportsController } from './imports.controller.js';
import { ImportsResolver } from './imports.resolver.js';
import { ImportsService } from './imports.service.js';
import { InterruptedJobs } from './interrupted-jobs.js';
import { PopulationImporter } from './population-import.js';
import { PopulationRepository } from './population.repository.js';
import { registerUploadParser } from './upload-body.js';

@Module({
  imports: [ExportsModule, MetricsModule, EventsModule, DuplicatesModule],
  controllers: [ImportsController, HeldRecordsController],
  providers: [
    ImportJobsRepository,
    ImportSourcesRepository,
    CaseWritesRepository,
    HeldRecordsRepository,
    PopulationRepository,
    CaseIdentities,
    CaseBatchWriter,
    CaseAttacher,
    CaseImporter,
    PopulationImporter,
    ImportsService,
    HeldRecordsService,
    ImportsResolver,
    InterruptedJobs,
  ],
  exports: [ImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /** Uploaded files go to disk as they arrive (see upload-body.ts). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerUploadParser(fastify, this.config.limits.importMaxBytes);
  }
}
