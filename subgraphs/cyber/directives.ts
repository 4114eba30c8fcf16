/**
 * The access declarations of this subgraph as Federation directive strings for type-graphql's
 * `@Directive`, built from the scope table in schema/access.ts so a misspelt scope fails to
 * compile. The gateway (and the kit, again) enforce them; nothing here does.
 */
import type { Scope } from '../../schema/access.js';

/** `@requiresScopes` with one alternative needing all of `scopes`. */
function requiresScopes(...scopes: Scope[]): string {
  return `@requiresScopes(scopes: [[${scopes.map((scope) => JSON.stringify(scope)).join(', ')}]])`;
}

export const CYBER_READ = requiresScopes('cyber:read');
export const CYBER_WRITE = requiresScopes('cyber:write');
export const KEY_BY_ID = '@key(fields: "id")';
/** Hidden from the public API; the query planner may still fetch it (for `@requires`). */
export const INACCESSIBLE = '@inaccessible';
/** A field another subgraph resolves, declared here only to be `@requires`d. */
export const EXTERNAL = '@external';
/** Resolved with `fields` of the entity, fetched first from the subgraph that owns them. */
export function requiresFields(fields: string): string {
  return `@requires(fields: "${fields}")`;
}
