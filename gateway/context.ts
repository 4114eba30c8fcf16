/** Per-request state of the gateway. */
import type { GraphQLInputType } from 'graphql';

import type { Principal, Purpose } from '../schema/access.js';

import type { InlineLiteral } from './audit/literals.js';

export interface AccessedRecord {
  readonly type: string;
  readonly id: string;
}

export interface DeniedField {
  readonly path: readonly (string | number)[];
  readonly coordinate: string;
  readonly reason: string;
}

/** What the access layer decided for this request (read by the audit trail). */
export interface AccessOutcome {
  /** Protected schema coordinates the operation asked for. */
  requested: readonly string[];
  denied: DeniedField[];
  /** The whole operation was refused (reject_unauthorized, nothing left, a limit, no purpose). */
  refused: boolean;
  /** HTTP status a refusal answers with (400, 403, 503). */
  status?: number;
}

/** The resolved operation, as the audit trail records it. */
export interface ResolvedOperation {
  readonly name: string | null;
  readonly type: string;
  /** SHA-256 of the document printed with its string and number literals blanked. */
  readonly documentHash: string;
  /** The document's inline literals (recorded like variables: kept or keyed-hashed). */
  readonly literals: readonly InlineLiteral[];
  /** Declared variables and their types: what tells an id from a name in the trail. */
  readonly variableTypes: ReadonlyMap<string, GraphQLInputType>;
}

/** One fetch the gateway made to a subgraph for this request (the per-request log line). */
export interface SubgraphCall {
  readonly subgraph: string;
  readonly ms: number;
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
}

export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly clientAddress: string;
  /** Sensitive records the subgraphs reported returning (audit trail). */
  readonly accessed: AccessedRecord[];
  /** Every subgraph fetch of this request, in the order they finished. */
  readonly subgraphCalls: SubgraphCall[];
  readonly access: AccessOutcome;
  /**
   * Set once the operation is resolved. A holder object, because Apollo Server hands plugins
   * a shallow copy of the context.
   */
  readonly resolved: { operation?: ResolvedOperation };
  /**
   * Commits the write-ahead record of a mutation before it runs; rejects (and the mutation does
   * not run) when the audit store cannot be written.
   */
  readonly writeAhead: () => Promise<void>;
}
