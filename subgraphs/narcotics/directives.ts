/**
 * The access declarations of this subgraph as Federation directive strings for type-graphql's
 * `@Directive`. Built from the scope table in schema/access.ts so a misspelt scope fails to
 * compile; the gateway (and the kit) enforce them, nothing here does.
 */
import type { Scope } from '../../schema/access.js';

/** `@requiresScopes` with one alternative needing all of `scopes`. */
export function requiresScopes(...scopes: Scope[]): string {
  return `@requiresScopes(scopes: [[${scopes.map((scope) => JSON.stringify(scope)).join(', ')}]])`;
}

export const NARCOTICS_READ = requiresScopes('narcotics:read');
export const NARCOTICS_WRITE = requiresScopes('narcotics:write');
export const PII_READ = requiresScopes('pii:read');
export const AUTHENTICATED = '@authenticated';
/** Names are for the agencies that work with persons, not for every verified caller. */
export const PERSON_NAME =
  '@requiresScopes(scopes: [["narcotics:read"], ["cyber:read"], ["juvenile:read"]])';
export const KEY_BY_ID = '@key(fields: "id")';
