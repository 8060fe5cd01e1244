import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { TranslationsController } from './translations.controller.js';
import { TranslationsRepository } from './translations.repository.js';
import { TranslationsResolver } from './translations.resolver.js';
import { TranslationsService } from './translations.service.js';

@Module({
  imports: [AuditModule],
  controllers: [TranslationsController],
  providers: [TranslationsRepository, TranslationsService, TranslationsResolver],
  exports: [TranslationsService],
})
export class TranslationsModule {}
