/** What the walk removes from an operation, as the result applier reads it back. */
import type { GraphQLOutputType } from 'graphql';

/** Response keys the walk adds; removed from the result before it is sent. */
export const TYPENAME_KEY = '__hub_typename';
export const PLACEHOLDER_KEY = '__hub_placeholder';

export interface Segment {
  /** Response key (alias or field name). */
  readonly key: string;
  readonly type: GraphQLOutputType;
  /** Object types this selection applies to (from type conditions); undefined: all. */
  readonly onTypes?: ReadonlySet<string>;
}

export interface Removal {
  /** From the root to the removed field; the last segment is the removed field itself. */
  readonly segments: readonly Segment[];
  readonly coordinate: string;
  readonly reason: string;
}
