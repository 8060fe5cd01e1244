import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { CitationsController } from './citations.controller.js';
import { CitationsRepository } from './citations.repository.js';
import { CitationsResolver } from './citations.resolver.js';
import { CitationsService } from './citations.service.js';

@Module({
  imports: [StatisticsModule],
  controllers: [CitationsController],
  providers: [CitationsRepository, CitationsService, CitationsResolver],
  exports: [CitationsService],
})
export class CitationsModule {}
