import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { KeyResolver } from '../common/auth/key-resolver.js';
import { MemberKeyResolver } from './key-resolver.service.js';
import { MembersController } from './members.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [AuditModule],
  controllers: [MembersController],
  providers: [
    MembersRepository,
    MembersService,
    MembersResolver,
    { provide: KeyResolver, useClass: MemberKeyResolver },
  ],
  exports: [KeyResolver, MembersService],
})
export class MembersModule {}
