import { AsyncLocalStorage } from 'node:async_hooks';
import { EntityManager, QueryRunner } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';

/**
 * Code that holds a pool connection (a transaction, a snapshot, an export's cursor) and then asks
 * the pool for another one deadlocks as soon as every connection is held that way: each holder
 * waits for a connection that only another holder could give back. This guard makes that a
 * programming error, raised at once, instead of a hang under load: inside work that holds a
 * connection, the only connection allowed is the one held, reached through its EntityManager.
 */
export class SecondConnectionError extends Error {
  constructor() {
    super(
      'A second database connection was requested while this work already holds one: ' +
        'pass the EntityManager of the transaction (or snapshot) to the query instead',
    );
    this.name = 'SecondConnectionError';
  }
}

interface Holding {
  /** The query runner whose connection this work holds, once it has connected. */
  runner?: QueryRunner;
}

const holding = new AsyncLocalStorage<Holding>();

/**
 * Runs `work` as work that holds one connection: the first query runner that connects inside it
 * is the held one; any other that connects before it is released raises SecondConnectionError.
 */
export function holdingOneConnection<T>(work: () => Promise<T>): Promise<T> {
  return holding.run({}, work);
}

/**
 * Runs `work` as work of its own (background work started from inside a transaction, such as a
 * dispatcher woken by a commit): it holds nothing of its caller's and may take a connection.
 */
export function detachedFromHeldConnection<T>(work: () => T): T {
  return holding.exit(work);
}

let installed = false;

/**
 * Installs the guard on TypeORM's PostgreSQL query runner and makes every transaction opened
 * through an EntityManager hold one connection. Idempotent; applies to every DataSource of the
 * process.
 */
export function installConnectionGuard(): void {
  if (installed) return;
  installed = true;

  const connect = PostgresQueryRunner.prototype.connect;
  PostgresQueryRunner.prototype.connect = function (this: PostgresQueryRunner) {
    const held = holding.getStore();
    if (held && !this.databaseConnection) {
      if (held.runner && held.runner !== this && !held.runner.isReleased)
        return Promise.reject(new SecondConnectionError());
      held.runner ??= this;
    }
    return connect.call(this) as Promise<unknown>;
  };

  const transaction = EntityManager.prototype.transaction as (
    this: EntityManager,
    ...args: unknown[]
  ) => Promise<unknown>;
  EntityManager.prototype.transaction = function (this: EntityManager, ...args: unknown[]) {
    // A manager bound to a query runner nests a savepoint on the connection it already has.
    if (this.queryRunner) return transaction.apply(this, args);
    return holdingOneConnection(() => transaction.apply(this, args));
  } as EntityManager['transaction'];
}
