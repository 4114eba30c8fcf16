/**
 * Bearer JWT → principal. Verified with jose against the configured key(s), issuer and audience;
 * `alg: none`, unknown keys, bad signatures, expired or not-yet-valid tokens all answer
 * HTTP 401 UNAUTHENTICATED.
 *
 * A token that verified is remembered for a short while (see {@link VERIFIED_FOR_MS}): a client
 * sends the same token with every request, and jose's signature check over WebCrypto was ≈ 7 %
 * of the gateway's CPU when run on every one (BENCHMARKS.md). The cache key is the whole token,
 * signature included, so only the very same bytes hit; a hit is still refused once the token's
 * own `exp` has passed.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';

import { authFailures } from '../../platform/metrics.js';
import { scopesForRoles, type Principal } from '../../schema/access.js';
import { UnauthenticatedError } from '../../schema/errors.js';

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly key: JWTVerifyGetKey;
}

const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SUB = 256;
const MAX_ROLES = 32;
const NAME_PATTERN = /^[A-Za-z0-9_:.-]{1,64}$/;

/** Why a token was refused: a metric label (closed set) and the sentence the caller reads. */
function reason(error: unknown): [label: string, text: string] {
  if (error instanceof joseErrors.JWTExpired) {
    return ['expired', 'token expired'];
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return ['claim', `token claim "${error.claim}" is invalid`];
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return ['signature', 'token signature is invalid'];
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return ['unknown_key', 'token signed by an unknown key'];
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return ['algorithm', 'token algorithm not allowed'];
  }
  return ['malformed', 'token is malformed'];
}

function refused(label: string, message: string): UnauthenticatedError {
  authFailures.inc({ reason: label });
  return new UnauthenticatedError(message);
}

function toPrincipal(payload: JWTPayload): Principal {
  const { sub, agency, province, roles, scope, name } = payload as JWTPayload &
    Record<string, unknown>;
  if (
    typeof sub !== 'string' ||
    sub.length === 0 ||
    sub.length > MAX_SUB ||
    typeof agency !== 'string' ||
    !CODE_PATTERN.test(agency) ||
    typeof province !== 'string' ||
    !CODE_PATTERN.test(province) ||
    !Array.isArray(roles) ||
    roles.length > MAX_ROLES ||
    !roles.every((role) => typeof role === 'string' && NAME_PATTERN.test(role))
  ) {
    throw refused('principal', 'Invalid token: sub, agency, province and roles are required');
  }
  const scopes =
    typeof scope === 'string'
      ? scope.split(/\s+/).filter(Boolean)
      : scopesForRoles(roles as string[]);
  if (scopes.length > MAX_ROLES * 4 || !scopes.every((s) => NAME_PATTERN.test(s))) {
    throw refused('principal', 'Invalid token: scope is malformed');
  }
  return {
    sub,
    ...(typeof name === 'string' ? { name: name.slice(0, 200) } : {}),
    agency,
    province,
    roles: roles as string[],
    scopes,
  };
}

/** Seconds of clock difference tolerated with the token issuer. */
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * How long a verified token is taken on trust before its signature is checked again: short,
 * so a key withdrawn from the JWKS stops being honoured within this time.
 */
export const VERIFIED_FOR_MS = 30_000;

interface Verified {
  readonly principal: Principal;
  /** The token's `exp` plus the clock tolerance, epoch milliseconds. */
  readonly validUntil: number;
}

/** Verified tokens per settings (one cache per gateway, none shared between issuers). */
const verifiedTokens = new WeakMap<TokenSettings, LRUCache<string, Verified>>();

function cacheOf(settings: TokenSettings): LRUCache<string, Verified> {
  let cache = verifiedTokens.get(settings);
  if (!cache) {
    cache = new LRUCache<string, Verified>({ max: 10_000, ttl: VERIFIED_FOR_MS });
    verifiedTokens.set(settings, cache);
  }
  return cache;
}

async function verify(token: string, settings: TokenSettings): Promise<Verified> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, settings.key, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // The same clock as the cache's expiry check.
      currentDate: new Date(Date.now()),
    }));
  } catch (error) {
    const [label, text] = reason(error);
    throw refused(label, `Invalid token: ${text}`);
  }
  const principal = toPrincipal(payload);
  return {
    // Shared by every request that presents the token: frozen, so none can change it for another.
    principal: Object.freeze({
      ...principal,
      roles: Object.freeze([...principal.roles]),
      scopes: Object.freeze([...principal.scopes]),
    }),
    validUntil: ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000,
  };
}

export async function authenticate(
  authorization: string | undefined,
  settings: TokenSettings,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    throw refused('missing', 'Missing bearer token (Authorization: Bearer <JWT>)');
  }
  const token = match[1];
  const cache = cacheOf(settings);
  const known = cache.get(token);
  if (known && Date.now() < known.validUntil) {
    return known.principal;
  }
  cache.delete(token);
  const verified = await verify(token, settings);
  cache.set(token, verified);
  return verified.principal;
}
