/**
 * Every subgraph request must carry the gateway's signed internal context, bound to this
 * subgraph, to this request's exact body, and accepted once; without a valid one the request
 * is refused with UNAUTHENTICATED before any resolver runs.
 */
import type { FastifyRequest } from 'fastify';

import { usesDatabaseContext } from '../../schema/database-context.js';
import {
  INTERNAL_CONTEXT_HEADER,
  InvalidContextError,
  verifyInternalContext,
  type InternalContext,
  type VerifyingKeys,
} from '../../schema/internal-context.js';

import type { RequestScope } from './data-source.js';
import type { SubgraphServices } from './definition.js';
import { UnauthenticatedError } from './errors.js';
import { externalId } from './ids.js';
import { OnceOnly } from './once-only.js';

export type { InternalContext };

/** What every resolver receives. `loaders` are made per request, never shared. */
export interface SubgraphContext<TLoaders = unknown> {
  readonly hub: InternalContext;
  readonly scope: RequestScope;
  readonly loaders: TLoaders;
  /** Records this request returned, reported to the gateway's audit trail. */
  readonly accessed: AccessedRecords;
  readonly services: SubgraphServices;
}

/** Type and id of each sensitive record a request returned (reported in `extensions`). */
export class AccessedRecords {
  private readonly seen = new Map<string, { type: string; id: string }>();

  /**
   * A record by its type and id; a database id is reported as the id clients see, made for
   * `idOf` (the record's GraphQL type, when `type` is a finer audit category such as a sealed
   * read of a JuvenileRecord).
   */
  add(type: string, id: string | number, idOf: string = type): void {
    const shown = typeof id === 'number' ? externalId(idOf, id) : id;
    const key = `${type}:${shown}`;
    if (!this.seen.has(key)) {
      this.seen.set(key, { type, id: shown });
    }
  }

  list(): { type: string; id: string }[] {
    return [...this.seen.values()];
  }
}

/** Checks internal contexts for one subgraph: signature, audience, body, lifetime, one use. */
export class ContextVerifier {
  private readonly taken = new OnceOnly();

  constructor(
    private readonly subgraph: string,
    private readonly publicKey: VerifyingKeys,
  ) {}

  verify(request: FastifyRequest): InternalContext {
    const header = request.headers[INTERNAL_CONTEXT_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) {
      throw new UnauthenticatedError(
        'Requests must come through the gateway (no internal context)',
      );
    }
    try {
      const verified = verifyInternalContext(
        token,
        { audience: this.subgraph, body: request.rawBody ?? '' },
        this.publicKey,
      );
      if (!this.taken.claim(verified.jti, verified.expiresAt)) {
        throw new InvalidContextError('internal context was already used');
      }
      // This database sees callers only through one: without it every answer would be empty.
      if (usesDatabaseContext(this.subgraph) && !verified.context.databaseContext) {
        throw new InvalidContextError('internal context carries no database context');
      }
      return verified.context;
    } catch (error) {
      throw new UnauthenticatedError(
        error instanceof InvalidContextError
          ? `Invalid internal context: ${error.message}`
          : 'Invalid internal context',
      );
    }
  }
}
