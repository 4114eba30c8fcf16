/**
 * Writes audit records to the append-only store with group commit: records arriving within a
 * few milliseconds of each other are appended by one `audit.append` call (one transaction),
 * and each request waits for the commit of its own record. One row never fails another's:
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
  /** How long to gather records before appending them (ms). */
  readonly windowMs?: number;
  /** Append at once when this many records wait. */
  readonly maxBatch?: number;
}

interface Pending {
  readonly row: AuditRow;
  resolve(): void;
  reject(error: unknown): void;
}

const APPEND = 'SELECT seq FROM audit.append($1::jsonb)';

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
  private timer?: NodeJS.Timeout;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly unobserve: () => void;

  constructor(connectionString: string, options: RecorderOptions = {}) {
    this.windowMs = options.windowMs ?? 2;
    this.maxBatch = options.maxBatch ?? 200;
    this.pool = new pg.Pool({
      connectionString,
      max: 4,
      connectionTimeoutMillis: 2_000,
      query_timeout: 5_000,
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
      this.flushSoon(this.queue.length >= this.maxBatch ? 0 : this.windowMs);
    });
  }

  private flushSoon(delay: number): void {
    if (delay === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  private async append(rows: readonly AuditRow[]): Promise<void> {
    const stop = auditWriteDuration.startTimer();
    await this.pool.query(APPEND, [JSON.stringify(rows)]);
    stop();
    auditBatchSize.observe(rows.length);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
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

  /** Creates the coming months' partitions (the writer may call this; it owns nothing). */
  async ensurePartitions(monthsAhead = 12): Promise<void> {
    await this.pool.query('SELECT audit.ensure_partitions($1)', [monthsAhead]);
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
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.flush();
    }
    await this.pool.end();
  }
}
