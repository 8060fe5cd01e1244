import { Module } from '@nestjs/common';
import { ReleasesModule } from '../releases/releases.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { CitationsController } from './citations.controller.js';
import { CitationsRepository } from './citations.repository.js';
import { CitationsResolver } from './citations.resolver.js';
import { CitationsService } from './citations.service.js';

@Module({
  imports: [StatisticsModule, ReleasesModule],
  controllers: [CitationsController],
  providers: [CitationsRepository, CitationsService, CitationsResolver],
  exports: [CitationsService],
})
export class CitationsModule {}
