/**
 * Writes audit records to the append-only store with group commit: one `audit.append` call (one
 * transaction) at a time; a record that arrives while none is in flight is appended at once
 * (with whatever else arrived in the same turn of the event loop), and records that arrive
 * while one is in flight are appended together as soon as it ends. So a lone request waits for
 * exactly one commit, and under load batches grow with the commit latency instead of a fixed
 * window. Each request waits for the commit of its own record. One row never fails another's:
 * when a batch fails it is appended again row by row, and a row that still fails rejects only
 * its own request (which then releases nothing: fail closed). The pool reconnects by itself
 * when the store comes back.
 */
import pg from 'pg';

import {
  auditBatchSize,
  auditFailures,
  auditQueueDepth,
  auditWriteDuration,
  observePool,
} from '../../platform/metrics.js';
import type { AuditRow } from '../../schema/audit-row.js';

export interface RecorderOptions {
  /** Most records one append carries (default 200); the rest go in the next one. */
  readonly maxBatch?: number;
}

interface Pending {
  readonly row: AuditRow;
  resolve(): void;
  reject(error: unknown): void;
}

/** A named statement: parsed and planned once per connection, not on every append. */
const APPEND = { name: 'hub_audit_append', text: 'SELECT seq FROM audit.append($1::jsonb)' };

/**
 * Whether a failed append was refused for what some row holds (SQLSTATE classes 22 data
 * exception, 23 integrity, 54 limit) rather than because the store is unreachable: only then
 * does trying the rows one by one help.
 */
function rowFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}

export class AuditRecorder {
  private readonly pool: pg.Pool;
  private queue: Pending[] = [];
  /** The append in flight (at most one: the chain is serialized by the database anyway). */
  private inFlight?: Promise<void>;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly unobserve: () => void;

  constructor(connectionString: string, options: RecorderOptions = {}) {
    this.maxBatch = options.maxBatch ?? 200;
    this.pool = new pg.Pool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 2_000,
      // The server gives up on an append (and rolls it back) well before the client stops
      // waiting: a request told "no record" (503) must not find its record committed later.
      statement_timeout: 4_000,
      query_timeout: 8_000,
      application_name: 'hub-gateway-audit',
    });
    // An idle connection dropped by the server must not crash the gateway.
    this.pool.on('error', () => undefined);
    this.unobserve = observePool('audit_writer', () => this.pool);
  }

  /** Resolves once the record is committed; rejects if the store cannot take it. */
  record(row: AuditRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      auditQueueDepth.inc();
      this.startAppend();
    });
  }

  /**
   * Starts the next append unless one is in flight (its end starts the next) or about to start.
   * `setImmediate` rather than now: records released in the same turn of the event loop share
   * one commit, at no cost in latency.
   */
  private startAppend(): void {
    if (this.inFlight || this.scheduled) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.inFlight = this.flush().finally(() => {
        this.inFlight = undefined;
        if (this.queue.length > 0) {
          this.startAppend();
        }
      });
    });
  }

  private async append(rows: readonly AuditRow[]): Promise<void> {
    const stop = auditWriteDuration.startTimer();
    await this.pool.query({ ...APPEND, values: [JSON.stringify(rows)] });
    stop();
    auditBatchSize.observe(rows.length);
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) {
      return;
    }
    auditQueueDepth.dec(batch.length);
    try {
      await this.append(batch.map((pending) => pending.row));
      batch.forEach((pending) => pending.resolve());
      return;
    } catch (error) {
      if (batch.length === 1 || !rowFault(error)) {
        auditFailures.inc({ kind: 'store' }, batch.length);
        batch.forEach((pending) => pending.reject(error));
        return;
      }
    }
    // Some row spoiled the batch: each row on its own now, so the others still commit.
    for (const pending of batch) {
      try {
        await this.append([pending.row]);
        pending.resolve();
      } catch (error) {
        auditFailures.inc({ kind: rowFault(error) ? 'row' : 'store' });
        pending.reject(error);
      }
    }
  }

  /** Whether the store answers (readiness). */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.unobserve();
    while (this.inFlight || this.scheduled || this.queue.length > 0) {
      await (this.inFlight ?? new Promise((resolve) => setImmediate(resolve)));
    }
    await this.pool.end();
  }
}
