import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CitationsModule } from '../citations/citations.module.js';
import { CountriesModule } from '../countries/countries.module.js';
import { DgRequestsModule } from '../dg-requests/dg-requests.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { PeopleModule } from '../people/people.module.js';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { StatusesModule } from '../statuses/statuses.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { TranslationsModule } from '../translations/translations.module.js';
import { PageCache } from './page-cache.js';
import { SiteFiguresService } from './site-figures.service.js';
import { SitePagesService } from './site-pages.service.js';
import { SiteRenderer } from './site-renderer.js';
import { SiteRoutes } from './site.routes.js';

/** The public site: pages for people, built from the API's services as the anonymous caller. */
@Module({
  imports: [
    AuditModule,
    CasesModule,
    CitationsModule,
    CountriesModule,
    DgRequestsModule,
    IncidentsModule,
    PeopleModule,
    StatisticsModule,
    StatusesModule,
    TaxonomyModule,
    TranslationsModule,
  ],
  providers: [PageCache, SiteFiguresService, SitePagesService, SiteRenderer, SiteRoutes],
  exports: [SiteRoutes],
})
export class SiteModule {}
