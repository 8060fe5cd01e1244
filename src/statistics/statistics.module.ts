import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DgRequestsModule } from '../dg-requests/dg-requests.module.js';
import { FigureResponseCache } from './figure-response-cache.js';
import { StatisticsController } from './statistics.controller.js';
import { HeldInFiguresRepository } from './held-in-figures.repository.js';
import { PublishedFiguresRepository } from './published-figures.repository.js';
import { PublishedFiguresService } from './published-figures.service.js';
import { StatisticsRepository } from './statistics.repository.js';
import {
  FigureTableResolver,
  PublishedFiguresResolver,
  StatisticsResolver,
} from './statistics.resolver.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  imports: [CasesModule, DgRequestsModule],
  controllers: [StatisticsController],
  providers: [
    StatisticsRepository,
    PublishedFiguresRepository,
    PublishedFiguresService,
    HeldInFiguresRepository,
    StatisticsService,
    StatisticsResolver,
    PublishedFiguresResolver,
    FigureTableResolver,
    FigureResponseCache,
  ],
  exports: [StatisticsService, StatisticsRepository, FigureResponseCache],
})
export class StatisticsModule {}
