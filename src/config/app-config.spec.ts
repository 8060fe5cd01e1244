import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { AppConfig, ConfigError } from './app-config.js';

describe('AppConfig', () => {
  it('has working defaults: embedded database under .data, port 3000', () => {
    const config = AppConfig.fromEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      embedded: true,
      logLevel: 'info',
      migrateOnStart: false,
      poolSize: 10,
    });
    expect(config.dataDir).toBe(
      path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.data'),
    );
  });

  it('reads an external database, replicas and options', () => {
    const config = AppConfig.fromEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/tracker',
      DATABASE_REPLICA_URLS: 'postgres://u:p@r1/tracker,postgresql://u:p@r2/tracker',
      MIGRATE_ON_START: 'true',
      LOG_LEVEL: 'debug',
      BOOTSTRAP_ADMIN_KEY: 'k'.repeat(32),
    });
    expect(config).toMatchObject({
      port: 8080,
      embedded: false,
      migrateOnStart: true,
      logLevel: 'debug',
    });
    expect(config.replicaUrls).toHaveLength(2);
    expect(config.withDatabaseUrl('postgres://x/y')).toMatchObject({
      databaseUrl: 'postgres://x/y',
      embedded: false,
      port: 8080,
    });
  });

  it('keeps embedded mode when the launcher fills in the URL', () => {
    const config = AppConfig.fromEnv({}).withDatabaseUrl('postgres://x/y');
    expect(config.embedded).toBe(true);
    expect(config).toBeInstanceOf(AppConfig);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_REPLICA_URLS: 'postgres://a,http://b' }, 'DATABASE_REPLICA_URLS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BOOTSTRAP_ADMIN_KEY: 'short' }, 'BOOTSTRAP_ADMIN_KEY'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ GRAPHQL_INTROSPECTION: 'perhaps' }, 'GRAPHQL_INTROSPECTION'],
    [{ GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH'],
    [{ GRAPHQL_MAX_COST: 'lots' }, 'GRAPHQL_MAX_COST'],
    [{ JSON_MAX_DEPTH: '0' }, 'JSON_MAX_DEPTH'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => AppConfig.fromEnv(env)).toThrow(ConfigError);
    try {
      AppConfig.fromEnv(env);
    } catch (error) {
      expect((error as ConfigError).problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
      expect((error as Error).message).toContain(name);
    }
  });

  it('reads the request limits, with documented defaults', () => {
    expect(AppConfig.fromEnv({}).limits).toMatchObject({
      graphql: {
        introspection: true,
        maxDepth: 10,
        maxAliases: 15,
        maxTokens: 3000,
        maxCost: 100_000,
      },
      jsonMaxDepth: 32,
    });
    const configured = AppConfig.fromEnv({
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_MAX_DEPTH: '6',
      JSON_MAX_DEPTH: '8',
    });
    expect(configured.limits.graphql).toMatchObject({ introspection: false, maxDepth: 6 });
    expect(configured.limits.jsonMaxDepth).toBe(8);
  });

  it('lists every bad variable at once', () => {
    expect(() => AppConfig.fromEnv({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    );
  });
});
