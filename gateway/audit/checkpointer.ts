/**
 * Extends the audit log's Merkle tree over newly committed records and signs a checkpoint of it,
 * every few seconds and once more on shutdown. Any number of gateway replicas may run one: a
 * transaction-scoped advisory lock lets one at a time extend the tree, and each starts from the
 * last signed checkpoint, so there is one tree and each checkpoint extends the one before.
 *
 * The database is not trusted with the tree: before extending, the stored edge of the tree is
 * folded and must give the last checkpoint's root, and that checkpoint must carry this key's
 * signature. A store that fails either check gets no new checkpoint (the error is logged and
 * counted): the hub will not sign a rewritten history.
 */
import pg from 'pg';

import type { Logger } from '../../platform/logger.js';
import { LEAF_SELECT, leafHashOf, leafSeq, type LeafRow } from '../../schema/audit-leaf.js';
import {
  latestCheckpoint,
  readNodes,
  type StoredCheckpoint,
} from '../../schema/audit-log-store.js';
import { Frontier, nodeKey, perfectPieces, type Hash } from '../../schema/merkle-log.js';
import {
  checkpointBody,
  openCheckpoint,
  signNote,
  type NoteSigner,
} from '../../schema/signed-note.js';

/** The advisory lock every replica's checkpointer takes (one at a time extends the tree). */
const CHECKPOINT_LOCK = 0x4855_4241; // "HUBA"
const BATCH = 20_000;

export interface CheckpointerOptions {
  readonly signer: NoteSigner;
  /** Milliseconds between rounds (0: only on demand and on close). */
  readonly intervalMs: number;
  readonly logger: Logger;
}

export class TreeMismatchError extends Error {
  readonly code = 'AUDIT_TREE_MISMATCH';
}

export class AuditCheckpointer {
  private readonly pool: pg.Pool;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;

  constructor(
    connectionString: string,
    private readonly options: CheckpointerOptions,
  ) {
    this.pool = new pg.Pool({
      connectionString,
      max: 2,
      connectionTimeoutMillis: 2_000,
      statement_timeout: 30_000,
      application_name: 'hub-gateway-checkpoint',
    });
    this.pool.on('error', () => undefined);
  }

  get db(): pg.Pool {
    return this.pool;
  }

  start(): void {
    if (this.options.intervalMs > 0) {
      this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** One round unless one is running; failures are logged, never thrown (a timer calls it). */
  private async tick(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = this.checkpointAll()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'audit checkpoint failed');
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }

  /** Rounds until every committed record is in a signed checkpoint; the last one made. */
  async checkpointAll(): Promise<StoredCheckpoint | undefined> {
    let last: StoredCheckpoint | undefined;
    for (;;) {
      const made = await this.round();
      if (made === 'busy' || made === undefined) {
        return last;
      }
      last = made;
      if (!made.full) {
        return last;
      }
    }
  }

  private async round(): Promise<(StoredCheckpoint & { full: boolean }) | 'busy' | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS ok',
        [CHECKPOINT_LOCK],
      );
      if (!locked.rows[0]?.ok) {
        await client.query('ROLLBACK');
        return 'busy';
      }
      const made = await this.extend(client);
      await client.query('COMMIT');
      return made;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async trustedEdge(client: pg.ClientBase): Promise<{
    frontier: Frontier;
    lastSeq: string;
  }> {
    const last = await latestCheckpoint(client);
    if (!last) {
      return { frontier: Frontier.empty(), lastSeq: '0' };
    }
    const { checkpoint } = openCheckpoint(last.note, this.options.signer);
    if (checkpoint.size !== last.size || !checkpoint.root.equals(last.root)) {
      throw new TreeMismatchError(`checkpoint row ${last.size} does not match its signed note`);
    }
    const pieces = perfectPieces(0, last.size);
    const stored = await readNodes(client, pieces);
    const frontier = Frontier.of(
      last.size,
      pieces.map((node) => stored.get(nodeKey(node)) ?? Buffer.alloc(32)),
    );
    if (!frontier.root().equals(checkpoint.root)) {
      throw new TreeMismatchError(
        `the stored tree does not lead to the signed root of size ${last.size}: refusing to sign`,
      );
    }
    return { frontier, lastSeq: last.lastSeq };
  }

  private async extend(
    client: pg.ClientBase,
  ): Promise<(StoredCheckpoint & { full: boolean }) | undefined> {
    const { frontier, lastSeq } = await this.trustedEdge(client);
    const { rows } = await client.query<LeafRow>({
      text: `SELECT ${LEAF_SELECT} FROM audit.leaves_after($1, $2) r`,
      values: [lastSeq, BATCH],
      rowMode: 'array',
    } as pg.QueryArrayConfig);
    if (rows.length === 0) {
      return undefined;
    }
    const levels: number[] = [];
    const indexes: number[] = [];
    const hashes: Hash[] = [];
    const seqs: (string | null)[] = [];
    for (const row of rows) {
      const seq = leafSeq(row);
      frontier.append(leafHashOf(row), (node, hash) => {
        levels.push(node.level);
        indexes.push(node.index);
        hashes.push(hash);
        seqs.push(node.level === 0 ? seq : null);
      });
    }
    await client.query(
      `INSERT INTO audit.log_nodes (level, idx, hash, seq)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[], $4::bigint[])`,
      [levels, indexes, hashes, seqs],
    );
    const root = frontier.root();
    const note = signNote(
      this.options.signer,
      checkpointBody({
        origin: this.options.signer.name,
        size: frontier.length,
        root,
        extensions: [`time ${Math.floor(Date.now() / 1000)}`],
      }),
    );
    const newLastSeq = leafSeq(rows[rows.length - 1] as LeafRow);
    await client.query(
      'INSERT INTO audit.checkpoints (size, last_seq, root, note) VALUES ($1, $2, $3, $4)',
      [frontier.length, newLastSeq, root, note],
    );
    return { size: frontier.length, lastSeq: newLastSeq, root, note, full: rows.length === BATCH };
  }

  /** Stops the timer and signs a last checkpoint of everything committed. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await this.checkpointAll().catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'final audit checkpoint failed');
    });
    await this.pool.end();
  }
}
