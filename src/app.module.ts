import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard, RequestWithPrincipal } from './common/auth/access.guard.js';
import { CallerIdentifier } from './common/auth/caller-identifier.js';
import { CasesModule } from './cases/cases.module.js';
import { GraphqlContext } from './graphql/graphql-context.js';
import { writeAnswer } from './graphql/spliced-json.js';
import { graphqlLimits, withoutCacheHints } from './graphql/graphql-limits.js';
import { GraphqlLoadersModule } from './graphql/graphql-loaders.module.js';
import { CompiledExecution } from './graphql/compiled-execution.js';
import { answerReadWithParent } from './graphql/prefetched-fields.js';
import { RequestLoadersFactory } from './graphql/request-loaders.js';
import { ExportsModule } from './exports/exports.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { PeopleModule } from './people/people.module.js';
import { CitationsModule } from './citations/citations.module.js';
import { DgRequestsModule } from './dg-requests/dg-requests.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { StatusesModule } from './statuses/statuses.module.js';
import { TaxonomyModule } from './taxonomy/taxonomy.module.js';
import { logTransport } from './common/logging/logging.js';
import { formatGraphqlError } from './common/errors/graphql-error.formatter.js';
import { HttpErrorFilter } from './common/errors/http-exception.filter.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CountriesModule } from './countries/countries.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AuditModule } from './audit/audit.module.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { MembersModule } from './members/members.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { SiteModule } from './site/site.module.js';
import { TranslationsModule } from './translations/translations.module.js';
import { ReleasesModule } from './releases/releases.module.js';
import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { DateTimeScalar } from './common/time/instants.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { offlineGraphqlIde } from './graphql/graphql-ide.js';

@Module({})
export class AppModule {
  /** The whole application for a validated configuration (the database URL already resolved). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            transport: logTransport(config),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // One line per request is written by the onResponse hook in app.setup.ts.
            autoLogging: false,
          },
        }),
        DatabaseModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [GraphqlLoadersModule],
          inject: [RequestLoadersFactory],
          useFactory: (loaders: RequestLoadersFactory) => {
            const limits = withoutCacheHints(graphqlLimits(config.limits.graphql));
            const execution = new CompiledExecution();
            return {
              path: '/graphql',
              autoSchemaFile: true,
              sortSchema: true,
              introspection: config.limits.graphql.introspection,
              // The driver's GraphiQL page loads its scripts from a CDN; this service serves its own.
              graphiql: false,
              // Automatic persisted queries are not offered: a hash alone is refused with a 400.
              persistedQueries: false,
              ...limits,
              plugins: [...limits.plugins, ...(config.graphqlIde ? [offlineGraphqlIde()] : [])],
              // Instants in one format, whether a Date or text from SQL (see instants.ts).
              buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
              // Fields of a page of cases answer what its statement read (see CaseGraphService).
              transformSchema: (schema) => execution.use(answerReadWithParent(schema)),
              // Queries run compiled (see CompiledExecution), on the schema as built above.
              gateway: execution,
              // Pages' cases PostgreSQL wrote as JSON go into the answer as they are.
              stringifyResult: writeAnswer,
              includeStacktraceInErrorResponses: false,
              formatError: formatGraphqlError,
              // The status of an executed operation is set by requestErrorStatus (a 503 when the
              // database is unavailable, else 200), not reset to 200 by the driver.
              preserveHttpStatusForExecutionErrors: false,
              // The Fastify integration passes the request itself as the first argument.
              context: (req: RequestWithPrincipal): GraphqlContext => ({
                req,
                loaders: loaders.create(req),
              }),
            };
          },
        }),
        HealthModule,
        MetricsModule,
        CountriesModule,
        TaxonomyModule,
        PeopleModule,
        IncidentsModule,
        CasesModule,
        StatusesModule,
        DgRequestsModule,
        ImportsModule,
        ExportsModule,
        StatisticsModule,
        CitationsModule,
        AuditModule,
        MembersModule,
        ProposalsModule,
        ReleasesModule,
        DuplicatesModule,
        IdempotencyModule,
        WebhooksModule,
        FeedsModule,
        TranslationsModule,
        SiteModule,
      ],
      providers: [
        CallerIdentifier,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
