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
import { DATABASE_CONTEXT_SETTING } from '../../schema/database-context.js';
import type { InternalContext } from '../../schema/internal-context.js';

import { callerOf } from './caller.js';
import type { Page } from './pagination.js';
import { prepareHotStatements } from './prepared.js';

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

/**
 * Transaction-local settings: only the gateway's database context, passed on unchanged — the
 * database believes nothing else a session sets (subgraphs/kit/database-context.ts). Always sent
 * as a bind parameter: a value inside the SQL text would show in pg_stat_activity to every
 * session of the same role, for the few seconds it is valid.
 */
function sessionSettings(context: InternalContext): Record<string, string> {
  return { [DATABASE_CONTEXT_SETTING]: context.databaseContext ?? '' };
}

/**
 * With a database context, the same statement asks the database whether it took it: a refused
 * one (a key not installed there, or expired before the transaction began) would otherwise
 * answer as to an anonymous caller — empty, not failed. (A target list is evaluated left to
 * right, so the check reads the setting just made.)
 */
function vouchedColumn(dataSource: DataSource, context: InternalContext): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  return context.databaseContext && schema ? `, "${schema}".ctx_vouched() AS vouched` : '';
}

export class DatabaseContextRefusedError extends Error {
  constructor() {
    super("the database refused the gateway's database context (expired, or keys differ)");
  }
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

  /** A page of a list for this request's caller (cursors are bound to it). */
  page(first: number | null | undefined, after: string | null | undefined): Page {
    return { first, after, caller: callerOf(this.context) };
  }

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
    prepareHotStatements(await runner.connect());
    waited();
    await runner.startTransaction();
    const settings = Object.entries(sessionSettings(this.context));
    const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
    const vouched = vouchedColumn(this.dataSource, this.context);
    const rows: { vouched?: boolean }[] = await runner.query(
      `SELECT ${calls.join(', ')}${vouched}`,
      settings.flat(),
    );
    if (vouched && rows[0]?.vouched !== true) {
      throw new DatabaseContextRefusedError();
    }
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
