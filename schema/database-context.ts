/**
 * The database context: who the gateway vouches a subgraph's database transaction is for. The
 * gateway makes one per subgraph request (inside the signed internal context), the subgraph
 * hands it unchanged to its transaction (`hub.db_context`), and the subgraph's database checks
 * it before any row-level rule reads it: an HMAC-SHA256 under a key that only the gateway and
 * that database hold — never the subgraph process nor its login role. So a stolen runtime-role
 * password, or a session setting it itself, vouches for nobody: without a valid value the
 * database answers as to an anonymous caller.
 *
 * Format (one line, ASCII, so the database can check it with `split_part` and pgcrypto `hmac`
 * without parsing JSON for every statement):
 *
 *   <hex HMAC-SHA256(key, payload)> "." <payload>
 *   payload = "v1|<subgraph>|<expires, epoch s>|" then base64 of sub, agency, province,
 *             " scope1 scope2 ", purpose code, purpose reference, request id, joined by "|"
 *
 * Base64 (standard alphabet, padded: what PostgreSQL's `decode(…, 'base64')` reads) keeps every
 * field free of "|" and exact for any text. The subgraph name inside the payload keeps a value
 * made for one database useless in another even where an operator reused a key.
 */
import { createHmac } from 'node:crypto';

import type { Principal, Purpose } from './access.js';

/** The transaction-local setting a subgraph puts the value in (the database reads it). */
export const DATABASE_CONTEXT_SETTING = 'hub.db_context';

/** The payload's format version: the first field. */
export const DATABASE_CONTEXT_VERSION = 'v1';

/**
 * Subgraphs whose databases decide rows by the caller (dissemination, sealing, namespaces) and
 * so verify a database context. The audit store's rules do not depend on the caller.
 */
export const DATABASE_CONTEXT_SUBGRAPHS = ['narcotics', 'cyber', 'juvenile'] as const;
export type DatabaseContextSubgraph = (typeof DATABASE_CONTEXT_SUBGRAPHS)[number];

export function usesDatabaseContext(name: string): name is DatabaseContextSubgraph {
  return (DATABASE_CONTEXT_SUBGRAPHS as readonly string[]).includes(name);
}

/**
 * Seconds a value is valid: as long as the internal context carrying it (one subgraph request),
 * counted from the database's transaction start.
 */
export const DATABASE_CONTEXT_TTL_SECONDS = 10;
/** Clock difference tolerated between the gateway's host and the database's. */
export const DATABASE_CONTEXT_SKEW_SECONDS = 2;

/** Field positions in the payload (1-based, as `split_part` counts). */
export const DATABASE_CONTEXT_FIELDS = {
  version: 1,
  subgraph: 2,
  expires: 3,
  sub: 4,
  agency: 5,
  province: 6,
  scopes: 7,
  purpose: 8,
  reference: 9,
  requestId: 10,
} as const;

/** Whom a value vouches for. */
export interface DatabaseContextClaims {
  /** The subgraph whose database the value is for. */
  readonly subgraph: string;
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly requestId: string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The payload of a value (exported for tests that need a value for a chosen expiry). */
export function databaseContextPayload(claims: DatabaseContextClaims, expires: number): string {
  return [
    DATABASE_CONTEXT_VERSION,
    claims.subgraph,
    String(expires),
    b64(claims.principal.sub),
    b64(claims.principal.agency),
    b64(claims.principal.province),
    b64(` ${claims.principal.scopes.join(' ')} `),
    b64(claims.purpose?.code ?? ''),
    b64(claims.purpose?.reference ?? ''),
    b64(claims.requestId),
  ].join('|');
}

/** MACs a payload: the value a database accepts (given its key). */
export function sealDatabaseContext(payload: string, key: Buffer): string {
  return `${createHmac('sha256', key).update(payload, 'utf8').digest('hex')}.${payload}`;
}

/**
 * The value for one subgraph request, valid {@link DATABASE_CONTEXT_TTL_SECONDS} from `now`
 * (epoch ms), under that subgraph's database-context key.
 */
export function signDatabaseContext(
  claims: DatabaseContextClaims,
  key: Buffer,
  now: number = Date.now(),
): string {
  const expires = Math.floor(now / 1000) + DATABASE_CONTEXT_TTL_SECONDS;
  return sealDatabaseContext(databaseContextPayload(claims, expires), key);
}
