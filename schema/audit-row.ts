/**
 * The audit record as it crosses from the gateway (writer) to the audit store and the audit
 * subgraph (readers): its columns, its outcomes, and how stored values look. One definition;
 * the gateway builds rows of this shape, `audit.append` stores them, the audit subgraph reads
 * them back.
 */
import { createHmac, createSecretKey } from 'node:crypto';

import { UNSTORABLE_TEXT } from './stored-text.js';

/**
 * - `OK`, `PARTIAL` (some data, some errors or denials), `DENIED` (refused: 401, 403, or
 *   every field denied), `ERROR`: the final record of a request.
 * - `PENDING`: a write-ahead record, committed before a mutation runs; the request's final
 *   record (same `request_id`) follows it.
 */
export const OUTCOMES = ['OK', 'PARTIAL', 'DENIED', 'ERROR', 'PENDING'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * A variable value as the trail keeps it. Ids, enums, numbers and booleans are kept as sent
 * (strings escaped, see {@link escapeStored}); every other value — names, national ids, dates,
 * free text, anything undeclared — only as a keyed hash (HMAC-SHA256 under a key the hub holds
 * and the database does not), with its length, so an auditor can ask "who searched for X?" by
 * giving X. A kept value that is too long is cut, its length and hash kept.
 */
export interface HashedValue {
  readonly hmac: string;
  readonly length: number;
  /** A cut kept value: its first characters. */
  readonly prefix?: string;
  /** Why a whole subtree was hashed as one value: too deep, or too many values. */
  readonly truncated?: 'depth' | 'count';
}

/** Column names as the audit store's `access_log` has them (read by `audit.append`). */
export interface AuditRow {
  /** The hub's own id of the request (unique). */
  request_id: string;
  /** The client's `x-request-id`, kept beside ours (never trusted as ours). */
  client_request_id: string | null;
  sub: string | null;
  agency: string | null;
  province: string | null;
  roles: string[];
  /** The scopes the request ran with (from the token, or derived from its roles). */
  scopes: string[];
  purpose: string | null;
  purpose_reference: string | null;
  client_address: string | null;
  operation_name: string | null;
  operation_type: string | null;
  document_hash: string | null;
  variables: unknown;
  /** Every HMAC in `variables` (and of kept ids and enums): what "who searched for X?" matches. */
  value_hashes: string[];
  fields_requested: string[];
  fields_denied: { path: (string | number)[]; coordinate: string; reason: string }[];
  records_accessed: { type: string; id: string }[];
  outcome: Outcome;
  http_status: number;
  duration_ms: number;
  error_codes: string[];
}

/**
 * Every column of `audit.access_log`: the row's fields, and those the store itself assigns —
 * `at` included: the database's clock when it appends the row (a client cannot date a record).
 */
export type AuditColumn = keyof AuditRow | 'seq' | 'at' | 'format' | 'prev_hash' | 'hash';

/** A column name, checked against the contract (for readers mapping the table). */
export function auditColumn<C extends AuditColumn>(name: C): C {
  return name;
}

/** A backslash (the escape itself), or text the database cannot hold. */
const NEEDS_ESCAPE = new RegExp(`\\\\|${UNSTORABLE_TEXT.source}`, 'g');

/**
 * Text as the store keeps it: PostgreSQL `text` and `jsonb` cannot hold NUL or lone
 * surrogates, and any value a client sends must be stored, not dropped. Reversible: a
 * backslash becomes `\\`, NUL and lone surrogates become `\uXXXX`.
 */
export function escapeStored(text: string): string {
  return text.replace(NEEDS_ESCAPE, (char) =>
    char === '\\' ? '\\\\' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The inverse of {@link escapeStored}. */
export function unescapeStored(text: string): string {
  return text.replace(/\\(\\|u[0-9a-f]{4})/g, (_match, escaped: string) =>
    escaped === '\\' ? '\\' : String.fromCharCode(Number.parseInt(escaped.slice(1), 16)),
  );
}

export type ValueHasher = (value: string) => string;

/**
 * The keyed hash of one value (HMAC-SHA256 of its NFC form, base64url). The gateway hashes
 * what callers send with it; the audit subgraph hashes an auditor's search term with it.
 */
export function valueHasher(key: Buffer): ValueHasher {
  // A KeyObject made once: handing createHmac the raw bytes imports the key on every call.
  const secret = createSecretKey(key);
  return (value) => createHmac('sha256', secret).update(value.normalize('NFC')).digest('base64url');
}
