import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { toBoolean, toInt } from './env-readers.js';

/**
 * What a single request may ask of the service: GraphQL documents, JSON bodies, request rates.
 * Documented in the README's configuration table; the names here are the environment variables.
 */
export class LimitsEnvironment {
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 15;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_TOKENS = 3000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100_000_000)
  GRAPHQL_MAX_COST = 100_000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  JSON_MAX_DEPTH = 32;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 1024 * 1024 * 1024;

  @IsOptional()
  @Matches(/^(true|false|\d+|[0-9A-Za-z.:/,\s]+)$/, {
    message:
      'TRUST_PROXY must be true, false, a number of proxies, or comma-separated addresses or ranges',
  })
  TRUST_PROXY = 'loopback';

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'RATE_LIMIT_ENABLED must be true or false' })
  RATE_LIMIT_ENABLED = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ANONYMOUS = 600;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ANONYMOUS_WRITES = 30;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_KEY = 3000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_KEY_WRITES = 600;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_FAILED_KEYS = 20;
}

/** Listed as a record so the compiler notices a variable added above but not here. */
export const LIMIT_VARIABLES: Record<keyof LimitsEnvironment, true> = {
  GRAPHQL_INTROSPECTION: true,
  GRAPHQL_MAX_DEPTH: true,
  GRAPHQL_MAX_ALIASES: true,
  GRAPHQL_MAX_TOKENS: true,
  GRAPHQL_MAX_COST: true,
  JSON_MAX_DEPTH: true,
  IMPORT_MAX_BYTES: true,
  TRUST_PROXY: true,
  RATE_LIMIT_ENABLED: true,
  RATE_LIMIT_WINDOW_SECONDS: true,
  RATE_LIMIT_ANONYMOUS: true,
  RATE_LIMIT_ANONYMOUS_WRITES: true,
  RATE_LIMIT_KEY: true,
  RATE_LIMIT_KEY_WRITES: true,
  RATE_LIMIT_FAILED_KEYS: true,
};

export interface GraphqlLimits {
  /** Whether the schema answers introspection queries (the IDE and client generators use them). */
  introspection: boolean;
  /** Nesting of fields in one operation. */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens in one document: bounds its breadth before it is even parsed. */
  maxTokens: number;
  /** How many values the answer may hold, lists counted at their page size. */
  maxCost: number;
}

/** Requests per window: anonymous callers per address, key holders per key. */
export interface RateLimits {
  enabled: boolean;
  windowSeconds: number;
  anonymous: number;
  anonymousWrites: number;
  key: number;
  keyWrites: number;
  /** Requests with an unknown, revoked or expired key (or a malformed header), per address. */
  failedKeys: number;
}

export interface Limits {
  graphql: GraphqlLimits;
  jsonMaxDepth: number;
  /** The largest file an import takes (as the body or the form's file), in bytes. */
  importMaxBytes: number;
  /**
   * Which proxies' X-Forwarded-For is believed (Fastify's trustProxy): the caller's address is
   * what rate limits count by, so a client must not be able to name its own.
   */
  trustProxy: boolean | number | string;
  rateLimits: RateLimits;
}

export function limitsOf(env: LimitsEnvironment): Limits {
  return {
    graphql: {
      introspection: env.GRAPHQL_INTROSPECTION,
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxCost: env.GRAPHQL_MAX_COST,
    },
    jsonMaxDepth: env.JSON_MAX_DEPTH,
    importMaxBytes: env.IMPORT_MAX_BYTES,
    trustProxy:
      env.TRUST_PROXY === 'true'
        ? true
        : env.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(env.TRUST_PROXY)
            ? Number(env.TRUST_PROXY)
            : env.TRUST_PROXY,
    rateLimits: {
      enabled: env.RATE_LIMIT_ENABLED,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      anonymous: env.RATE_LIMIT_ANONYMOUS,
      anonymousWrites: env.RATE_LIMIT_ANONYMOUS_WRITES,
      key: env.RATE_LIMIT_KEY,
      keyWrites: env.RATE_LIMIT_KEY_WRITES,
      failedKeys: env.RATE_LIMIT_FAILED_KEYS,
    },
  };
}
