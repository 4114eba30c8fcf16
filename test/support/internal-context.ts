/**
 * Calling a subgraph the way the gateway does: the body serialized once, and a context token
 * signed for that subgraph and that exact body (or deliberately for another, in attacks).
 */
import type { KeyObject } from 'node:crypto';

import { signDatabaseContext } from '../../schema/database-context.js';
import {
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  type InternalContext,
} from '../../schema/internal-context.js';

import { postText, type GraphQLResult } from './hub.js';

export interface SignedCall {
  readonly url: string;
  /** The subgraph the token is for (its audience). */
  readonly audience: string;
  readonly context: InternalContext;
  readonly key: KeyObject;
  /** Signed at this time (epoch ms); defaults to now. */
  readonly at?: number;
  /** Sign for this body instead of the one sent (a tampering attempt). */
  readonly signedBody?: string;
  /** Reuse this token instead of signing one (a replay attempt). */
  readonly token?: string;
  /**
   * The subgraph database's context key, as the gateway holds it: the token then carries a
   * database context for the same caller (unless `context` brings one of its own).
   */
  readonly databaseKey?: Buffer;
}

/** The call's context, with the database context the gateway would add. */
function withDatabaseContext(call: SignedCall) {
  if (!call.databaseKey || call.context.databaseContext !== undefined) {
    return call.context;
  }
  const databaseContext = signDatabaseContext(
    { subgraph: call.audience, ...call.context },
    call.databaseKey,
    call.at,
  );
  return { ...call.context, databaseContext };
}

export function signedToken(call: SignedCall, body: string): string {
  return (
    call.token ??
    signInternalContext(
      withDatabaseContext(call),
      { audience: call.audience, body: call.signedBody ?? body },
      call.key,
      call.at,
    )
  );
}

export async function postToSubgraph<T = Record<string, unknown>>(
  call: SignedCall,
  payload: { query: string; variables?: Record<string, unknown> },
): Promise<GraphQLResult<T> & { token: string }> {
  const body = JSON.stringify(payload);
  const token = signedToken(call, body);
  const result = await postText<T>(call.url, body, { [INTERNAL_CONTEXT_HEADER]: token });
  return { ...result, token };
}
