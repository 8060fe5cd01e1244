import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { ReleaseSigning } from './release-signing.js';
import { ReleasesController } from './releases.controller.js';
import { ReleasesRepository } from './releases.repository.js';
import { ReleasesResolver } from './releases.resolver.js';
import { ReleasesService } from './releases.service.js';

@Module({
  imports: [StatisticsModule],
  controllers: [ReleasesController],
  providers: [ReleasesRepository, ReleaseSigning, ReleasesService, ReleasesResolver],
  exports: [ReleasesService],
})
export class ReleasesModule {}
