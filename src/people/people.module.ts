import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { PeopleController } from './people.controller.js';
import { PeopleRepository } from './people.repository.js';
import { PeopleResolver } from './people.resolver.js';
import { PeopleService } from './people.service.js';
import { Person } from './person.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), AuditModule, TaxonomyModule],
  controllers: [PeopleController],
  providers: [PeopleRepository, PeopleService, PeopleResolver],
  exports: [PeopleRepository, PeopleService],
})
export class PeopleModule {}
