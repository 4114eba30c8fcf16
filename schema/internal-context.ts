/**
 * The gateway → subgraph context token (`x-hub-context`): an EdDSA-signed compact JWS that
 * covers exactly one subgraph request — the verified principal, its scopes, the stated
 * purpose and the request id, for one audience (the target subgraph), one body (its SHA-256),
 * one use (a unique id) and a few seconds. A token captured on one hop is useless on any
 * other hop, with any other body, or a second time (the subgraph kit remembers ids it took).
 *
 * Signed and verified with `node:crypto` directly: jose's WebCrypto path cost several per cent
 * of gateway CPU when signing every fetch (STACK-NOTES), and the format is fixed and small.
 */
import { createHash, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

import { parsePurpose, type Principal, type Purpose } from './access.js';

export const INTERNAL_CONTEXT_HEADER = 'x-hub-context';
/**
 * Response extension in which a subgraph reports the sensitive records it returned (type and
 * id); the gateway takes it into the audit trail and strips it before the client sees it.
 */
export const ACCESSED_EXTENSION = 'hubAccessed';
export const INTERNAL_CONTEXT_ISSUER = 'interagency-hub/gateway';
/** Seconds a token is valid: one hop's send and receive, no longer. */
export const INTERNAL_CONTEXT_TTL_SECONDS = 10;
/** Clock difference tolerated between gateway and subgraph hosts. */
const CLOCK_SKEW_SECONDS = 2;

export type SigningKey = KeyObject;

export interface InternalContext {
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly requestId: string;
  /**
   * What the subgraph hands its database unchanged (schema/database-context.ts): the gateway's
   * HMAC over the same principal, for that subgraph's database only. Absent for a subgraph whose
   * database does not check one.
   */
  readonly databaseContext?: string;
}

/** What one token is bound to besides the caller. */
export interface ContextBinding {
  /** The subgraph's name (the token's audience). */
  readonly audience: string;
  /** The exact request body sent to (and received by) the subgraph. */
  readonly body: string | Buffer;
}

export interface VerifiedContext {
  readonly context: InternalContext;
  /** The token's unique id, to be accepted once. */
  readonly jti: string;
  /** Expiry, epoch milliseconds. */
  readonly expiresAt: number;
}

interface Claims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  /** base64url SHA-256 of the request body. */
  bh: string;
  rid: string;
  principal: Principal;
  purpose?: string;
  /** The database context (opaque here; its database checks it). */
  dbc?: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'hub-context+jwt' })).toString(
  'base64url',
);

export class InvalidContextError extends Error {}

export function bodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

export function signInternalContext(
  context: InternalContext,
  binding: ContextBinding,
  privateKey: SigningKey,
  now: number = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const claims: Claims = {
    iss: INTERNAL_CONTEXT_ISSUER,
    aud: binding.audience,
    iat,
    exp: iat + INTERNAL_CONTEXT_TTL_SECONDS,
    // 122 random bits from Node's pooled entropy: unique per token, cheaper than randomBytes per call.
    jti: randomUUID(),
    bh: bodyHash(binding.body),
    rid: context.requestId,
    principal: context.principal,
    ...(context.purpose
      ? {
          purpose: context.purpose.reference
            ? `${context.purpose.code}:${context.purpose.reference}`
            : context.purpose.code,
        }
      : {}),
    ...(context.databaseContext ? { dbc: context.databaseContext } : {}),
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

function isPrincipal(value: unknown): value is Principal {
  const p = value as Partial<Principal> | null;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return (
    typeof p?.sub === 'string' &&
    typeof p.agency === 'string' &&
    typeof p.province === 'string' &&
    strings(p.roles) &&
    strings(p.scopes) &&
    (p.name === undefined || typeof p.name === 'string')
  );
}

/**
 * The keys a subgraph accepts: one, or several while the gateway's key is being rotated (the
 * old and the new one, so gateways on either verify).
 */
export type VerifyingKeys = SigningKey | readonly SigningKey[];

/** The signed claims of a token, once its signature holds under one of the keys. */
function signedClaims(token: string, publicKey: VerifyingKeys): Partial<Claims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) {
    throw new InvalidContextError('malformed internal context');
  }
  const [header, payload, signature] = parts as [string, string, string];
  const input = Buffer.from(`${header}.${payload}`);
  const keys: readonly SigningKey[] = Array.isArray(publicKey) ? publicKey : [publicKey];
  const signed = Buffer.from(signature, 'base64url');
  if (!keys.some((key) => verify(null, input, key, signed))) {
    throw new InvalidContextError('internal context signature is invalid');
  }
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims>;
  } catch {
    throw new InvalidContextError('malformed internal context');
  }
}

/** The claims, when every one is there and of its type. */
function wellFormed(claims: Partial<Claims>): Claims {
  if (
    claims.iss !== INTERNAL_CONTEXT_ISSUER ||
    typeof claims.aud !== 'string' ||
    typeof claims.iat !== 'number' ||
    typeof claims.exp !== 'number' ||
    typeof claims.jti !== 'string' ||
    claims.jti.length < 16 ||
    typeof claims.bh !== 'string' ||
    typeof claims.rid !== 'string' ||
    !isPrincipal(claims.principal) ||
    (claims.purpose !== undefined && typeof claims.purpose !== 'string') ||
    (claims.dbc !== undefined && typeof claims.dbc !== 'string')
  ) {
    throw new InvalidContextError('malformed internal context');
  }
  return claims as Claims;
}

/** Verifies a token for this hop and body; throws {@link InvalidContextError} on any defect. */
export function verifyInternalContext(
  token: string,
  binding: ContextBinding,
  publicKey: VerifyingKeys,
  now: number = Date.now(),
): VerifiedContext {
  const claims = wellFormed(signedClaims(token, publicKey));
  const seconds = now / 1000;
  if (claims.aud !== binding.audience) {
    throw new InvalidContextError('internal context is for another subgraph');
  }
  if (
    claims.exp - claims.iat > INTERNAL_CONTEXT_TTL_SECONDS ||
    claims.iat > seconds + CLOCK_SKEW_SECONDS ||
    claims.exp < seconds - CLOCK_SKEW_SECONDS
  ) {
    throw new InvalidContextError('internal context expired');
  }
  if (claims.bh !== bodyHash(binding.body)) {
    throw new InvalidContextError('internal context is for another request body');
  }
  let purpose: Purpose | undefined;
  if (claims.purpose !== undefined) {
    const parsed = parsePurpose(claims.purpose);
    if ('error' in parsed) {
      throw new InvalidContextError('malformed purpose in internal context');
    }
    purpose = parsed;
  }
  return {
    context: {
      principal: claims.principal,
      purpose,
      requestId: claims.rid,
      ...(claims.dbc ? { databaseContext: claims.dbc } : {}),
    },
    jti: claims.jti,
    expiresAt: (claims.exp + CLOCK_SKEW_SECONDS) * 1000,
  };
}
