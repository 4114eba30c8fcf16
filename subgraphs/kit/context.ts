/**
 * Every subgraph request must carry the gateway's signed internal context; without a valid
 * one the request is refused with UNAUTHENTICATED before any resolver runs.
 */
import type { IncomingMessage } from 'node:http';

import {
  INTERNAL_CONTEXT_HEADER,
  verifyInternalContext,
  type InternalContext,
  type SigningKey,
} from '../../schema/internal-context.js';

import type { RequestScope } from './data-source.js';
import { UnauthenticatedError } from './errors.js';

export type { InternalContext };

/** What every resolver receives. `loaders` are made per request, never shared. */
export interface SubgraphContext<TLoaders = unknown> {
  readonly hub: InternalContext;
  readonly scope: RequestScope;
  readonly loaders: TLoaders;
  /** Records this request returned, reported to the gateway's audit trail. */
  readonly accessed: AccessedRecords;
}

/** Type and id of each sensitive record a request returned (reported in `extensions`). */
export class AccessedRecords {
  private readonly seen = new Map<string, { type: string; id: string }>();

  add(type: string, id: string | number): void {
    const key = `${type}:${id}`;
    if (!this.seen.has(key)) {
      this.seen.set(key, { type, id: String(id) });
    }
  }

  list(): { type: string; id: string }[] {
    return [...this.seen.values()];
  }
}

export async function authenticateInternal(
  request: IncomingMessage,
  publicKey: SigningKey,
): Promise<InternalContext> {
  const header = request.headers[INTERNAL_CONTEXT_HEADER];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) {
    throw new UnauthenticatedError('Requests must come through the gateway (no internal context)');
  }
  try {
    return await verifyInternalContext(token, publicKey);
  } catch {
    throw new UnauthenticatedError('Invalid internal context');
  }
}
