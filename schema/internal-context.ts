/**
 * The gateway → subgraph context token (`x-hub-context`): an EdDSA-signed compact JWS holding
 * the verified principal, its scopes, the stated purpose and the request id. Subgraphs refuse
 * any request without a valid one, so nobody can bypass the gateway's checks.
 */
import { jwtVerify, SignJWT, type CryptoKey, type KeyObject } from 'jose';

import { parsePurpose, type Principal, type Purpose } from './access.js';

export const INTERNAL_CONTEXT_HEADER = 'x-hub-context';
/**
 * Response extension in which a subgraph reports the sensitive records it returned (type and
 * id); the gateway takes it into the audit trail and strips it before the client sees it.
 */
export const ACCESSED_EXTENSION = 'hubAccessed';
export const INTERNAL_CONTEXT_ISSUER = 'interagency-hub/gateway';
export const INTERNAL_CONTEXT_AUDIENCE = 'interagency-hub/subgraph';
/** Seconds a context token stays valid: long enough for one request's fan-out, no longer. */
export const INTERNAL_CONTEXT_TTL_SECONDS = 30;

export type SigningKey = CryptoKey | KeyObject;

export interface InternalContext {
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly requestId: string;
}

interface ContextClaims {
  principal: Principal;
  purpose?: string;
  rid: string;
}

export async function signInternalContext(
  context: InternalContext,
  privateKey: SigningKey,
): Promise<string> {
  const claims: ContextClaims = {
    principal: context.principal,
    rid: context.requestId,
    ...(context.purpose
      ? {
          purpose: context.purpose.reference
            ? `${context.purpose.code}:${context.purpose.reference}`
            : context.purpose.code,
        }
      : {}),
  };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'hub-context+jwt' })
    .setIssuer(INTERNAL_CONTEXT_ISSUER)
    .setAudience(INTERNAL_CONTEXT_AUDIENCE)
    .setSubject(context.principal.sub)
    .setIssuedAt()
    .setExpirationTime(`${INTERNAL_CONTEXT_TTL_SECONDS}s`)
    .sign(privateKey);
}

/** Verifies a context token; throws on any defect (bad signature, wrong alg, expired, malformed). */
export async function verifyInternalContext(
  token: string,
  publicKey: SigningKey,
): Promise<InternalContext> {
  const { payload } = await jwtVerify(token, publicKey, {
    algorithms: ['EdDSA'],
    issuer: INTERNAL_CONTEXT_ISSUER,
    audience: INTERNAL_CONTEXT_AUDIENCE,
    typ: 'hub-context+jwt',
    maxTokenAge: `${INTERNAL_CONTEXT_TTL_SECONDS + 5}s`,
  });
  const claims = payload as unknown as Partial<ContextClaims>;
  const principal = claims.principal;
  if (
    !principal ||
    typeof principal.sub !== 'string' ||
    typeof principal.agency !== 'string' ||
    typeof principal.province !== 'string' ||
    !Array.isArray(principal.roles) ||
    !Array.isArray(principal.scopes) ||
    typeof claims.rid !== 'string'
  ) {
    throw new Error('malformed internal context');
  }
  let purpose: Purpose | undefined;
  if (claims.purpose !== undefined) {
    const parsed = parsePurpose(claims.purpose);
    if ('error' in parsed) {
      throw new Error('malformed purpose in internal context');
    }
    purpose = parsed;
  }
  return { principal, purpose, requestId: claims.rid };
}
