/**
 * Federation directives as strings for type-graphql's `@Directive`, built from the tables in
 * schema/access.ts so a misspelt scope or policy fails to compile. Each subgraph's
 * directives.ts names the ones it declares; the gateway and the kit enforce them.
 */
import type { Scope } from '../../schema/access.js';

const list = (names: readonly string[]) => names.map((name) => JSON.stringify(name)).join(', ');

/** `@requiresScopes` with one alternative needing all of `scopes`. */
export function requiresScopes(...scopes: Scope[]): string {
  return `@requiresScopes(scopes: [[${list(scopes)}]])`;
}

/** `@requiresScopes` with several alternatives, any one of which is enough. */
export function requiresAnyScopes(...alternatives: (readonly Scope[])[]): string {
  return `@requiresScopes(scopes: [${alternatives.map((all) => `[${list(all)}]`).join(', ')}])`;
}

/** `@policy` with one alternative needing all of the named policies (schema/access.ts). */
export function policy(...names: string[]): string {
  return `@policy(policies: [[${list(names)}]])`;
}

/** `@requires` of fields another subgraph resolves. */
export function requiresFields(fields: string): string {
  return `@requires(fields: "${fields}")`;
}

export const AUTHENTICATED = '@authenticated';
export const KEY_BY_ID = '@key(fields: "id")';
/** An entity owned elsewhere that a subgraph only points at. */
export const KEY_BY_ID_UNRESOLVABLE = '@key(fields: "id", resolvable: false)';
/** Hidden from the public API; the query planner may still fetch it (e.g. for `@requires`). */
export const INACCESSIBLE = '@inaccessible';
/** A field another subgraph resolves, declared here only to be `@requires`d. */
export const EXTERNAL = '@external';
export const SHAREABLE = '@shareable';

/**
 * `@listSize` of Apollo's demand-control spec (what Apollo Router reads too): how many items a
 * list field stands for when the gateway estimates an operation's cost. `assumedSize` is the
 * server's own cap where it has one, otherwise an estimate; a list with no size of its own
 * would silently count as a default, so every list field declares one (a schema test checks).
 */
export function listSize(assumedSize: number): string {
  return `@listSize(assumedSize: ${assumedSize})`;
}

/**
 * The size assumed for a list whose length only the data decides (a case's suspects, a room's
 * handles): an estimate, as Apollo's demand control reads `assumedSize`, not a cap.
 */
export const ASSUMED_LIST_SIZE = 20;

/** A connection sized by its `first` argument (its default counts when a caller omits it). */
export const PAGE_SIZED_BY_FIRST =
  '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';
