import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CountriesModule } from '../countries/countries.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { PeopleModule } from '../people/people.module.js';
import { DgRequestsModule } from '../dg-requests/dg-requests.module.js';
import { StatusesModule } from '../statuses/statuses.module.js';
import { RequestLoadersFactory } from './request-loaders.js';

@Module({
  imports: [
    PeopleModule,
    IncidentsModule,
    CountriesModule,
    CasesModule,
    StatusesModule,
    DgRequestsModule,
  ],
  providers: [RequestLoadersFactory],
  exports: [RequestLoadersFactory],
})
export class GraphqlLoadersModule {}
