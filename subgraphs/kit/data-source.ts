/**
 * TypeORM data sources: the runtime one (the subgraph's own LOGIN role, never owner or
 * superuser) and the migration one (the administrative URL acting as the owner role). Every
 * GraphQL request gets a {@link RequestScope}: one connection, one transaction, and the
 * caller's identity in transaction-local settings for row-level security.
 */
import {
  DataSource,
  type EntityManager,
  type Logger,
  type MixedList,
  type QueryRunner,
} from 'typeorm';

import { poolAcquireDuration, sqlQueries } from '../../platform/metrics.js';
import type { InternalContext } from '../../schema/internal-context.js';

type EntityList = MixedList<string | (new () => unknown) | import('typeorm').EntitySchema>;
type MigrationList = MixedList<string | (new () => unknown)>;

export interface DatabaseOptions {
  readonly subgraph: string;
  readonly url: string;
  readonly entities: EntityList;
  readonly migrations?: MigrationList;
  readonly poolSize?: number;
  /** Extra libpq startup options, e.g. `-c role=...`. */
  readonly startupOptions?: string;
}

class CountingLogger implements Logger {
  constructor(private readonly subgraph: string) {}
  logQuery(): void {
    sqlQueries.inc({ subgraph: this.subgraph });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function createDataSource(options: DatabaseOptions): DataSource {
  const searchPath = `-c search_path=${options.subgraph},public`;
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.subgraph,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logger: new CountingLogger(options.subgraph),
    logging: true,
    poolSize: options.poolSize ?? 10,
    applicationName: `hub-${options.subgraph}`,
    extra: {
      options: [searchPath, options.startupOptions].filter(Boolean).join(' '),
      connectionTimeoutMillis: 5_000,
      statement_timeout: 15_000,
    },
  });
}

/** Runs pending migrations as the subgraph's owner role; returns the names applied. */
export async function runMigrations(
  adminUrl: string,
  subgraph: string,
  entities: EntityList,
  migrations: MigrationList,
): Promise<string[]> {
  const dataSource = createDataSource({
    subgraph,
    url: adminUrl,
    entities,
    migrations,
    poolSize: 1,
    startupOptions: `-c role=hub_${subgraph}_owner`,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Transaction-local settings the row-level security policies read (`current_setting('hub.x')`). */
function sessionSettings(context: InternalContext): Record<string, string> {
  return {
    'hub.sub': context.principal.sub,
    'hub.agency': context.principal.agency,
    'hub.province': context.principal.province,
    'hub.scopes': ` ${context.principal.scopes.join(' ')} `,
    'hub.purpose': context.purpose?.code ?? '',
    'hub.purpose_reference': context.purpose?.reference ?? '',
    'hub.request_id': context.requestId,
  };
}

/**
 * One connection runs one statement at a time: loaders of the same request fire batches in
 * parallel, so their statements queue here instead of inside pg (which deprecates that).
 */
function serializeQueries(runner: QueryRunner, counted: () => void): void {
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<typeof query>) => {
    counted();
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof runner.query;
}

/**
 * One request's database work: opened lazily on first use, committed when the response is
 * sent, rolled back on failure, released in every case.
 */
export class RequestScope {
  private runner?: QueryRunner;
  private opening?: Promise<EntityManager>;
  /** SQL statements this request sent (its log line). */
  statements = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly context: InternalContext,
  ) {}

  /** The request's entity manager (inside its transaction). */
  manager(): Promise<EntityManager> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    serializeQueries(runner, () => (this.statements += 1));
    // The data source's schema is its subgraph's name (createDataSource): the pool's label.
    const pool = (this.dataSource.options as { schema?: string }).schema ?? 'subgraph';
    const waited = poolAcquireDuration.startTimer({ pool });
    await runner.connect();
    waited();
    await runner.startTransaction();
    const settings = Object.entries(sessionSettings(this.context));
    const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
    await runner.query(`SELECT ${calls.join(', ')}`, settings.flat());
    return runner.manager;
  }

  /**
   * Runs `work` atomically inside the request transaction (a savepoint): all of it or none of
   * it, even when a later root field of the same request fails.
   */
  async atomically<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const manager = await this.manager();
    return manager.transaction(work);
  }

  /** Commits (or rolls back) and releases; safe to call more than once. */
  async finish(commit: boolean): Promise<void> {
    const runner = this.runner;
    if (!runner || !this.opening) {
      return;
    }
    this.runner = undefined;
    try {
      await this.opening;
      if (runner.isTransactionActive) {
        await (commit ? runner.commitTransaction() : runner.rollbackTransaction());
      }
    } finally {
      await runner.release();
    }
  }
}
