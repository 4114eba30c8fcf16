/**
 * The audit log's public face, for witnesses and verifiers (no token: a checkpoint and a
 * consistency proof are hashes of the log's shape, never a record's content):
 *
 * - `GET /audit/checkpoint`: the latest signed checkpoint note, witnesses' co-signatures
 *   appended (`text/plain`).
 * - `GET /audit/consistency?from=M&to=N`: the consistency proof between two checkpointed sizes,
 *   one base64 hash a line (`text/plain`).
 * - `POST /audit/checkpoint/cosignatures` `{"note": "<checkpoint with witness lines>"}`: stores
 *   every line that is a valid co-signature by a configured witness
 *   (HUB_AUDIT_WITNESS_KEYS) of that stored checkpoint.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { errorBody, JSON_TYPE } from '../../platform/http.js';
import { consistencyProof, cosignedNote, latestCheckpoint } from '../../schema/audit-log-store.js';
import {
  NoteError,
  parseNote,
  signatureValid,
  type NoteVerifier,
} from '../../schema/signed-note.js';

import type { AuditCheckpointer } from './checkpointer.js';

const TEXT = 'text/plain; charset=utf-8';

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).type(JSON_TYPE).send(errorBody(code, message));
}

const sizeParam = (value: unknown) =>
  typeof value === 'string' && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : undefined;

export function auditLogRoutes(
  app: FastifyInstance,
  options: { checkpointer: AuditCheckpointer; witnesses: readonly NoteVerifier[] },
): void {
  const db = options.checkpointer.db;

  app.get('/audit/checkpoint', async (_request, reply) => {
    const latest = await latestCheckpoint(db);
    if (!latest) {
      return refuse(reply, 404, 'NOT_FOUND', 'no checkpoint yet: the log is empty');
    }
    return reply
      .type(TEXT)
      .header('cache-control', 'no-store')
      .send(await cosignedNote(db, latest));
  });

  app.get('/audit/consistency', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const from = sizeParam(query.from);
    const to = sizeParam(query.to);
    if (from === undefined || to === undefined || from > to) {
      return refuse(reply, 400, 'BAD_REQUEST', 'from and to are tree sizes, 1 ≤ from ≤ to');
    }
    const latest = await latestCheckpoint(db);
    if (!latest || to > latest.size) {
      return refuse(reply, 404, 'NOT_FOUND', `no checkpoint covers size ${to} yet`);
    }
    const proof = await consistencyProof(db, from, to);
    return reply.type(TEXT).send(proof.map((hash) => `${hash.toString('base64')}\n`).join(''));
  });

  app.post('/audit/checkpoint/cosignatures', async (request, reply) => {
    const text = (request.body as { note?: unknown } | undefined)?.note;
    if (typeof text !== 'string') {
      return refuse(reply, 400, 'BAD_REQUEST', 'send {"note": "<co-signed checkpoint>"}');
    }
    let note;
    try {
      note = parseNote(text);
    } catch (error) {
      return refuse(reply, 400, 'BAD_REQUEST', (error as NoteError).message);
    }
    const size = Number(note.body.split('\n')[1]);
    const { rows } = await db.query<{ note: string }>(
      'SELECT note FROM audit.checkpoints WHERE size = $1',
      [Number.isSafeInteger(size) ? size : -1],
    );
    const stored = rows[0];
    if (!stored) {
      return refuse(reply, 404, 'NOT_FOUND', 'no such checkpoint');
    }
    if (parseNote(stored.note).body !== note.body) {
      return refuse(reply, 409, 'CONFLICT', 'this is not the checkpoint the log signed');
    }
    const valid = note.signatures.flatMap((line) => {
      const witness = options.witnesses.find((w) => signatureValid(w, note.body, line));
      return witness ? [{ witness: witness.name, line: line.line }] : [];
    });
    if (valid.length === 0) {
      return refuse(reply, 403, 'FORBIDDEN', 'no valid co-signature by a configured witness');
    }
    for (const { witness, line } of valid) {
      await db.query(
        `INSERT INTO audit.cosignatures (size, witness, line) VALUES ($1, $2, $3)
           ON CONFLICT (size, witness) DO NOTHING`,
        [size, witness, line],
      );
    }
    return reply.type(JSON_TYPE).send(JSON.stringify({ stored: valid.map((v) => v.witness) }));
  });
}
