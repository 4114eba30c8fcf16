/**
 * The access declarations of this subgraph as Federation directive strings for type-graphql's
 * `@Directive`, built from the scope table in schema/access.ts so a misspelt scope fails to
 * compile. The gateway (and the kit, again) enforce them; nothing here does.
 */
import { requiresScopes } from '../kit/index.js';

export { EXTERNAL, INACCESSIBLE, KEY_BY_ID, requiresFields } from '../kit/index.js';

export const CYBER_READ = requiresScopes('cyber:read');
export const CYBER_WRITE = requiresScopes('cyber:write');
