import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';
import { toBoolean, toInt } from './env-readers.js';
import { Limits, LIMIT_VARIABLES, LimitsEnvironment, limitsOf } from './limits-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root, from src/config or from its compiled copy in dist/src/config. */
export const REPO_ROOT = path.resolve(
  HERE,
  '..',
  '..',
  ...(HERE.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
);

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * The environment the service reads, validated once at boot. Every setting is documented in the
 * README's configuration table; the names here are the environment variables.
 */
class Environment extends LimitsEnvironment {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(postgres(ql)?:\/\/[^,]+)(,postgres(ql)?:\/\/[^,]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be a comma-separated list of postgres:// URLs',
  })
  DATABASE_REPLICA_URLS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 15_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_READ_TIMEOUT_MS = 10_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_WRITE_TIMEOUT_MS = 30_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  DATABASE_BULK_TIMEOUT_MS = 900_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_LOCK_TIMEOUT_MS = 10_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'BOOTSTRAP_ADMIN_KEY must be at least 32 characters long' })
  BOOTSTRAP_ADMIN_KEY?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'MIGRATE_ON_START must be true or false' })
  MIGRATE_ON_START = false;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'RELEASE_LICENSE must be a licence identifier such as CC-BY-4.0, CC0-1.0 or ODbL-1.0',
  })
  RELEASE_LICENSE = 'CC-BY-4.0';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  RELEASE_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of: ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'auto';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(\*|https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*)$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of origins (https://example.org)',
  })
  CORS_ORIGINS = '*';

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'GRAPHQL_IDE must be true or false' })
  GRAPHQL_IDE?: boolean;

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'WEBHOOK_DISPATCHER must be true or false' })
  WEBHOOK_DISPATCHER = true;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_URLS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_URLS = false;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS = 1000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_CONCURRENCY = 16;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_BATCH_SIZE = 100;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 5000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  WEBHOOK_RETRY_WINDOW_SECONDS = 86_400;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36_500)
  EVENT_RETENTION_DAYS = 30;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  EVENT_PRUNE_INTERVAL_SECONDS = 3600;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENT_PRUNE_BATCH_SIZE = 1000;
}

/** Listed as a record so the compiler notices a variable added to Environment but not here. */
const VARIABLES: Record<keyof Environment, true> = {
  ...LIMIT_VARIABLES,
  PORT: true,
  HOST: true,
  DATABASE_URL: true,
  DATABASE_REPLICA_URLS: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_ACQUIRE_TIMEOUT_MS: true,
  DATABASE_READ_TIMEOUT_MS: true,
  DATABASE_WRITE_TIMEOUT_MS: true,
  DATABASE_BULK_TIMEOUT_MS: true,
  DATABASE_LOCK_TIMEOUT_MS: true,
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: true,
  DATA_DIR: true,
  LOG_LEVEL: true,
  BOOTSTRAP_ADMIN_KEY: true,
  MIGRATE_ON_START: true,
  PUBLIC_BASE_URL: true,
  RELEASE_LICENSE: true,
  RELEASE_SIGNING_KEY_FILE: true,
  LOG_FORMAT: true,
  CORS_ORIGINS: true,
  GRAPHQL_IDE: true,
  NODE_ENV: true,
  WEBHOOK_DISPATCHER: true,
  WEBHOOK_ALLOW_PRIVATE_URLS: true,
  WEBHOOK_POLL_INTERVAL_MS: true,
  WEBHOOK_CONCURRENCY: true,
  WEBHOOK_BATCH_SIZE: true,
  WEBHOOK_TIMEOUT_MS: true,
  WEBHOOK_RETRY_BASE_MS: true,
  WEBHOOK_RETRY_MAX_MS: true,
  WEBHOOK_RETRY_WINDOW_SECONDS: true,
  EVENT_RETENTION_DAYS: true,
  EVENT_PRUNE_INTERVAL_SECONDS: true,
  EVENT_PRUNE_BATCH_SIZE: true,
};

/** Every environment variable the service reads (deployment files are checked against it). */
export const ENVIRONMENT_VARIABLES = Object.keys(VARIABLES) as readonly (keyof Environment)[];

/** How webhooks are delivered (see the README's configuration table). */
export interface WebhookSettings {
  /** Whether this process delivers webhooks (any number of replicas may). */
  dispatcher: boolean;
  /** Lets subscriptions point at loopback and private addresses (tests, closed networks). */
  allowPrivateUrls: boolean;
  pollIntervalMs: number;
  /** Posts in flight at once within one batch. */
  concurrency: number;
  /** Deliveries claimed by one statement, sent together and recorded by one statement. */
  batchSize: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a failing delivery is retried before it is given up and its subscription disabled. */
  retryWindowMs: number;
  /** Delivered (or skipped) deliveries and fully delivered events older than this are deleted. */
  retentionMs: number;
  /** How often a dispatching process deletes what the retention lets go. */
  pruneIntervalMs: number;
  /** Rows one pruning statement deletes at most. */
  pruneBatchSize: number;
}

/**
 * How long the service waits on its database, in milliseconds. A bound that is reached ends the
 * statement or the wait with an error (a 503 to the caller), never a hang.
 */
export interface DatabaseTimeouts {
  /** Waiting for a connection from the pool, or for a new one to open. */
  acquire: number;
  /** statement_timeout of every connection: reads, public ones included. */
  read: number;
  /** statement_timeout inside a transaction (writes). */
  write: number;
  /** statement_timeout and idle-in-transaction bound of imports, exports and migrations. */
  bulk: number;
  /** lock_timeout: waiting for a row or table lock. */
  lock: number;
  /** idle_in_transaction_session_timeout: a transaction left open without a statement. */
  idleInTransaction: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Typed, validated configuration. The only place that reads `process.env`. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  /** External PostgreSQL; undefined means the embedded database is used. */
  readonly databaseUrl?: string;
  readonly replicaUrls: string[];
  readonly poolSize: number;
  /** Bounds on every database connection, in milliseconds (see DatabaseTimeouts). */
  readonly timeouts: DatabaseTimeouts;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly bootstrapAdminKey?: string;
  readonly migrateOnStart: boolean;
  readonly publicBaseUrl?: string;
  /** Licence stated in every release's descriptor unless the release names another. */
  readonly releaseLicense: string;
  /** PEM file of the Ed25519 private key that signs releases; unset: a key kept in the database. */
  readonly releaseSigningKeyFile?: string;
  /** JSON lines, or readable lines for a person (`auto`: readable on a terminal). */
  readonly logFormat: LogFormat;
  /** Origins browsers may read the API from: `*` or a list. */
  readonly corsOrigins: '*' | string[];
  /** Whether GET /graphql serves the GraphiQL IDE (default: everywhere but NODE_ENV=production). */
  readonly graphqlIde: boolean;
  /** True when no DATABASE_URL was given: the service runs its own PostgreSQL under dataDir. */
  readonly embedded: boolean;
  readonly webhooks: WebhookSettings;
  /** GraphQL document limits, JSON nesting, request rates. */
  readonly limits: Limits;

  private constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.databaseUrl = env.DATABASE_URL;
    this.embedded = env.DATABASE_URL === undefined;
    this.replicaUrls = env.DATABASE_REPLICA_URLS ? env.DATABASE_REPLICA_URLS.split(',') : [];
    this.poolSize = env.DATABASE_POOL_SIZE;
    this.timeouts = {
      acquire: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      read: env.DATABASE_READ_TIMEOUT_MS,
      write: env.DATABASE_WRITE_TIMEOUT_MS,
      bulk: env.DATABASE_BULK_TIMEOUT_MS,
      lock: env.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransaction: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    };
    this.dataDir = path.resolve(REPO_ROOT, env.DATA_DIR ?? '.data');
    this.logLevel = env.LOG_LEVEL;
    this.bootstrapAdminKey = env.BOOTSTRAP_ADMIN_KEY;
    this.migrateOnStart = env.MIGRATE_ON_START;
    this.publicBaseUrl = env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
    this.releaseLicense = env.RELEASE_LICENSE;
    this.releaseSigningKeyFile = env.RELEASE_SIGNING_KEY_FILE
      ? path.resolve(REPO_ROOT, env.RELEASE_SIGNING_KEY_FILE)
      : undefined;
    this.logFormat = env.LOG_FORMAT;
    this.corsOrigins = env.CORS_ORIGINS === '*' ? '*' : env.CORS_ORIGINS.split(',');
    this.graphqlIde = env.GRAPHQL_IDE ?? env.NODE_ENV !== 'production';
    this.webhooks = {
      dispatcher: env.WEBHOOK_DISPATCHER,
      allowPrivateUrls: env.WEBHOOK_ALLOW_PRIVATE_URLS,
      pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
      batchSize: env.WEBHOOK_BATCH_SIZE,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: Math.max(env.WEBHOOK_RETRY_MAX_MS, env.WEBHOOK_RETRY_BASE_MS),
      retryWindowMs: env.WEBHOOK_RETRY_WINDOW_SECONDS * 1000,
      retentionMs: env.EVENT_RETENTION_DAYS * 86_400_000,
      pruneIntervalMs: env.EVENT_PRUNE_INTERVAL_SECONDS * 1000,
      pruneBatchSize: env.EVENT_PRUNE_BATCH_SIZE,
    };
    this.limits = limitsOf(env);
  }

  /** Which database this is, for a log line: the embedded folder, or the URL without its password. */
  describeDatabase(): string {
    if (this.embedded) return `embedded PostgreSQL in ${this.dataDir}`;
    const url = new URL(this.databaseUrl ?? '');
    url.password = '';
    return `PostgreSQL ${url.toString()}`;
  }

  /** Readable log lines: asked for, or on a terminal when not said. */
  get prettyLogs(): boolean {
    return this.logFormat === 'pretty' || (this.logFormat === 'auto' && !!process.stdout.isTTY);
  }

  /** Validates the given environment; throws a ConfigError naming every bad variable. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
    const picked = Object.fromEntries(
      ENVIRONMENT_VARIABLES.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]),
    );
    const parsed = plainToInstance(Environment, picked);
    const errors = validateSync(parsed, { whitelist: true });
    if (errors.length > 0) {
      throw new ConfigError(
        errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`)),
      );
    }
    return new AppConfig(parsed);
  }

  /** The same configuration with a different database URL (the embedded launcher sets it). */
  withDatabaseUrl(url: string): AppConfig {
    return Object.assign(Object.create(AppConfig.prototype), this, { databaseUrl: url });
  }
}
