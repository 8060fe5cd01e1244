import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';
import { ReviewFeedKeysController } from './review-feed-keys.controller.js';
import { ReviewFeedKeysRepository } from './review-feed-keys.repository.js';
import { ReviewFeedKeysResolver } from './review-feed-keys.resolver.js';
import { ReviewFeedKeysService } from './review-feed-keys.service.js';

/** Atom feeds of cases and status changes, and the review queue's private feed. */
@Module({
  imports: [AuditModule, CasesModule, ProposalsModule],
  controllers: [FeedsController, ReviewFeedKeysController],
  providers: [
    FeedsRepository,
    FeedsService,
    ReviewFeedKeysRepository,
    ReviewFeedKeysService,
    ReviewFeedKeysResolver,
  ],
})
export class FeedsModule {}
