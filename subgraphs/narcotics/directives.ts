/**
 * The access declarations of this subgraph as Federation directive strings for type-graphql's
 * `@Directive`. Built from the scope table in schema/access.ts so a misspelt scope fails to
 * compile; the gateway (and the kit) enforce them, nothing here does.
 */
import { requiresAnyScopes, requiresScopes } from '../kit/index.js';

export { AUTHENTICATED, EXTERNAL, KEY_BY_ID, requiresScopes } from '../kit/index.js';

export const NARCOTICS_READ = requiresScopes('narcotics:read');
export const NARCOTICS_WRITE = requiresScopes('narcotics:write');
export const PII_READ = requiresScopes('pii:read');
/** Names are for the agencies that work with persons, not for every verified caller. */
export const PERSON_NAME = requiresAnyScopes(['narcotics:read'], ['cyber:read'], ['juvenile:read']);
