/** Per-request state of the gateway. */
import type { Principal, Purpose } from '../schema/access.js';

export interface AccessedRecord {
  readonly type: string;
  readonly id: string;
}

export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly purpose?: Purpose;
  readonly clientAddress: string;
  /** Sensitive records the subgraphs reported returning (audit trail). */
  readonly accessed: AccessedRecord[];
}
