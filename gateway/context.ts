/** Per-request state of the gateway. */
import type { Principal, Purpose } from '../schema/access.js';

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
  /** The whole operation was refused (reject_unauthorized, nothing left, or a limit). */
  refused: boolean;
  /** HTTP status the refusal answers with (403, or 400 for a limit). */
  status?: number;
}

export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly clientAddress: string;
  /** Sensitive records the subgraphs reported returning (audit trail). */
  readonly accessed: AccessedRecord[];
  readonly access: AccessOutcome;
  /**
   * Set once the operation is resolved (name, type, hash of the normalized document). A
   * holder object, because Apollo Server hands plugins a shallow copy of the context.
   */
  readonly resolved: { operation?: { name: string | null; type: string; documentHash: string } };
}
