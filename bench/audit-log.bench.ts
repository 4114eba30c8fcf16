/**
 * `npm run bench -- audit-log [records]`: the audit log's Merkle tree and checkpoints.
 *
 * - Audit throughput with checkpoints on vs off: 32 concurrent writers appending through the
 *   gateway's own recorder (group commit, gateway/audit/recorder.ts) for a few seconds, rounds
 *   alternating off / on, side by side in one run, each side on an audit store of its own: one
 *   with a checkpointer signing every second (stricter than the default 5 s) all along, whose
 *   rounds count until their last record is checkpointed; one with none. Ratio: on / off.
 * - `hub audit verify` (tools/audit-log/verify.ts, as the store's reader) over a log of
 *   `records / 10` and of `records` records (default 1,000,000): from scratch, and incrementally
 *   after 10,000 new ones — at both lengths, to show the incremental check does not grow.
 * - Inclusion proofs at `records`: hashes per proof, bytes, and time to fetch one from the store.
 *
 * Records for the verify and proof parts are written in bulk by SQL (the tree covers whatever the
 * store holds; how it got there does not matter to it), then checkpointed by the gateway's own
 * checkpointer, whose time is reported too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { AuditCheckpointer } from '../gateway/audit/checkpointer.js';
import { AuditRecorder } from '../gateway/audit/recorder.js';
import { auditReaderUrl, auditWriterUrl } from '../platform/database/server.js';
import { auditCheckpointSigner, auditCheckpointVerifier } from '../platform/keys.js';
import { createLogger } from '../platform/logger.js';
import { inclusionProof, latestCheckpoint } from '../schema/audit-log-store.js';
import type { AuditRow } from '../schema/audit-row.js';
import { verifyAuditLog } from '../tools/audit-log/verify.js';

import { startBenchHub } from './support/hub.js';

const CLIENTS = 32;

function row(i: number): AuditRow {
  return {
    request_id: `bench-${i}-${randomBytes(6).toString('hex')}`,
    client_request_id: null,
    sub: `officer-${i % 500}`,
    agency: 'GS-NB',
    province: 'GS',
    roles: ['bureau_analyst'],
    scopes: ['cases:read'],
    purpose: 'INVESTIGATION',
    purpose_reference: null,
    client_address: '127.0.0.1',
    operation_name: 'Cases',
    operation_type: 'query',
    document_hash: 'd'.repeat(64),
    variables: { first: 10 },
    value_hashes: [],
    fields_requested: ['Query.cases', 'Case.title'],
    fields_denied: [],
    records_accessed: [{ type: 'Case', id: `case-${i % 1000}` }],
    outcome: 'OK',
    http_status: 200,
    duration_ms: 3.2,
    error_codes: [],
  };
}

async function throughput(recorder: AuditRecorder, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        await recorder.record(row(done));
        done += 1;
      }
    }),
  );
  return done / seconds;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (start: number) => performance.now() - start;

/** Appends `count` records in bulk (as the owner), moving the chain head past them. */
async function bulkInsert(adminUrl: string, count: number): Promise<void> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  try {
    for (let done = 0; done < count; done += 100_000) {
      const n = Math.min(100_000, count - done);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO audit.access_log (seq, at, request_id, sub, agency, province, roles, scopes,
           purpose, operation_name, operation_type, variables, fields_requested, records_accessed,
           outcome, http_status, duration_ms, prev_hash, hash, format)
         SELECT nextval('audit.access_log_seq'), clock_timestamp(), md5(random()::text || i),
           'officer-' || (i % 500), 'GS-NB', 'GS', '{bureau_analyst}', '{cases:read}',
           'INVESTIGATION', 'Cases', 'query', jsonb_build_object('first', i % 50),
           '{Query.cases,Case.title}', jsonb_build_array(jsonb_build_object('type', 'Case', 'id', 'case-' || (i % 1000))),
           'OK', 200, 3.2, 'bulk', 'bulk', 2
         FROM generate_series(1, $1) AS i`,
        [n],
      );
      await db.query("SET LOCAL hub.audit_append = 'on'");
      await db.query(
        'UPDATE audit.chain_head SET seq = (SELECT max(seq) FROM audit.access_log) WHERE id = 1',
      );
      await db.query('COMMIT');
    }
  } finally {
    await db.end();
  }
}

export interface AuditLogBench {
  readonly lines: readonly string[];
  readonly throughputRatio: number;
}

export async function runAuditLogBench(
  serverUrl: string,
  options: { records?: number; rounds?: number; seconds?: number } = {},
  report: (line: string) => void = () => undefined,
): Promise<AuditLogBench> {
  const records = options.records ?? 1_000_000;
  const hub = await startBenchHub(serverUrl, {
    seed: false,
    // The hub's own gateway checkpoints only on stop: the bench runs its checkpointers itself.
    env: { HUB_AUDIT_CHECKPOINT_INTERVAL: '3600' },
  });
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    report(line);
  };
  const logger = createLogger('silent', 'bench');
  const state = await mkdtemp(path.join(tmpdir(), 'hub-bench-verify-'));
  try {
    const writerUrl = await auditWriterUrl(hub.config, serverUrl);
    const readerUrl = await auditReaderUrl(hub.config, serverUrl);
    const adminUrl = hub.databases.audit ?? '';
    const signer = await auditCheckpointSigner(hub.config);
    const log = await auditCheckpointVerifier(hub.config);

    // 1. Throughput, checkpoints off vs on, alternating rounds, on two stores of their own:
    // one checkpointed every second all along, one never (so no round pays for another's
    // backlog). An "on" round counts until its last record is in a signed checkpoint.
    const plain = await startBenchHub(serverUrl, {
      seed: false,
      env: { HUB_AUDIT_CHECKPOINT_INTERVAL: '3600' },
    });
    const off: number[] = [];
    const on: number[] = [];
    try {
      const withCheckpoints = new AuditRecorder(writerUrl);
      const without = new AuditRecorder(await auditWriterUrl(plain.config, serverUrl));
      const running = new AuditCheckpointer(writerUrl, { signer, intervalMs: 1000, logger });
      running.start();
      const seconds = options.seconds ?? 4;
      for (let round = 0; round < (options.rounds ?? 5); round += 1) {
        off.push(await throughput(without, seconds));
        const start = performance.now();
        const written = (await throughput(withCheckpoints, seconds)) * seconds;
        await running.checkpointAll();
        on.push(written / (ms(start) / 1000));
        say(
          `round ${round + 1}: ${Math.round(off.at(-1) ?? 0)} records/s without checkpoints, ${Math.round(on.at(-1) ?? 0)} with (ratio ${((on.at(-1) ?? 0) / (off.at(-1) ?? 1)).toFixed(3)})`,
        );
      }
      await running.close();
      await withCheckpoints.close();
      await without.close();
    } finally {
      await plain.stop();
    }
    const throughputRatio = median(on) / median(off);
    const roundRatios = on.map((value, i) => value / (off[i] ?? 1));
    say(
      `audit throughput at ${CLIENTS} clients (median): off ${Math.round(median(off))}/s, on ${Math.round(median(on))}/s, ratio on/off ${throughputRatio.toFixed(3)} (median of round ratios ${median(roundRatios).toFixed(3)}; target ≥ 0.95)`,
    );

    // 2. Verify at two lengths, from scratch and incrementally.
    const checkpointer = new AuditCheckpointer(writerUrl, { signer, intervalMs: 0, logger });
    const reader = new pg.Client({ connectionString: readerUrl });
    await reader.connect();
    const verifyAt = async (target: number, label: string) => {
      let start = performance.now();
      await checkpointer.checkpointAll();
      const current = (await latestCheckpoint(reader))?.size ?? 0;
      await bulkInsert(adminUrl, Math.max(0, target - current));
      const inserted = ms(start);
      start = performance.now();
      await checkpointer.checkpointAll();
      const size = (await latestCheckpoint(reader))?.size ?? 0;
      const checkpointing = ms(start);
      const dir = path.join(state, label);
      start = performance.now();
      const full = await verifyAuditLog({
        readerUrl,
        log,
        witnesses: [],
        stateDir: dir,
        full: true,
      });
      const fullMs = ms(start);
      await bulkInsert(adminUrl, 10_000);
      await checkpointer.checkpointAll();
      start = performance.now();
      const incremental = await verifyAuditLog({ readerUrl, log, witnesses: [], stateDir: dir });
      const incrementalMs = ms(start);
      if (full.verdict !== 'holds' || incremental.verdict !== 'holds') {
        throw new Error(`verify failed: ${full.problem ?? incremental.problem ?? ''}`);
      }
      say(
        `log of ${size.toLocaleString('en-US')} records: bulk insert ${(inserted / 1000).toFixed(1)} s, checkpointing ${(checkpointing / 1000).toFixed(1)} s; ` +
          `verify from scratch ${(fullMs / 1000).toFixed(1)} s (${Math.round(full.recordsRead / (fullMs / 1000)).toLocaleString('en-US')} records/s); ` +
          `incremental after 10,000 new: ${(incrementalMs / 1000).toFixed(2)} s (${incremental.recordsRead} records read)`,
      );
      return incrementalMs;
    };
    const small = await verifyAt(Math.ceil(records / 10), 'short');
    const large = await verifyAt(records, 'long');
    say(
      `incremental verify, long log / short log: ${(large / small).toFixed(2)} (flat when ≈ 1: it reads only the new records)`,
    );

    // 3. Inclusion proofs at the long log.
    try {
      const latest = await latestCheckpoint(reader);
      const size = latest?.size ?? 0;
      const times: number[] = [];
      let hashes = 0;
      for (let i = 0; i < 200; i += 1) {
        const index = Math.floor(Math.random() * size);
        const start = performance.now();
        const proof = await inclusionProof(reader, index, size);
        times.push(ms(start));
        hashes = Math.max(hashes, proof.length);
      }
      say(
        `inclusion proof at ${size.toLocaleString('en-US')} records: ${hashes} hashes (${hashes * 32} bytes + a ${latest?.note.length ?? 0}-byte checkpoint), median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms to fetch from the store (200 random records)`,
      );
    } finally {
      await reader.end();
    }
    await checkpointer.close();
    return { lines, throughputRatio };
  } finally {
    await hub.stop();
    await rm(state, { recursive: true, force: true });
  }
}
