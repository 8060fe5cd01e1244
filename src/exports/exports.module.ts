import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportsService } from './exports.service.js';

@Module({
  imports: [CasesModule, MetricsModule],
  controllers: [ExportsController],
  providers: [ExportsRepository, ExportsService],
  exports: [ExportsRepository],
})
export class ExportsModule {}
