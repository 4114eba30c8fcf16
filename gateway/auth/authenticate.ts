/**
 * Bearer JWT → principal. Verified with jose against the configured key(s), issuer and audience;
 * `alg: none`, unknown keys, bad signatures, expired or not-yet-valid tokens all answer
 * HTTP 401 UNAUTHENTICATED.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

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

export async function authenticate(
  authorization: string | undefined,
  settings: TokenSettings,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    throw refused('missing', 'Missing bearer token (Authorization: Bearer <JWT>)');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], settings.key, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 5,
    }));
  } catch (error) {
    const [label, text] = reason(error);
    throw refused(label, `Invalid token: ${text}`);
  }
  return toPrincipal(payload);
}
