/**
 * The access declarations of this subgraph as Federation directive strings for type-graphql's
 * `@Directive`, built from the scope table in schema/access.ts so a misspelt scope fails to
 * compile. The gateway (and the kit, again) enforce them; nothing here does.
 */
import { policy, requiresScopes } from '../kit/index.js';

export {
  EXTERNAL,
  INACCESSIBLE,
  KEY_BY_ID,
  KEY_BY_ID_UNRESOLVABLE,
  requiresFields,
} from '../kit/index.js';

export const JUVENILE_READ = requiresScopes('juvenile:read');
export const PII_READ = requiresScopes('pii:read');
/**
 * Recording an offence or a disposition is a judicial act that the sealing law answers by
 * weighing every record of the person: only a writer who may also read sealed records may do
 * it, or what the writer can read afterwards would tell what the law decided.
 */
export const JUDICIAL_WRITE = requiresScopes('juvenile:write', 'juvenile:sealed');
/** The same, naming an existing record (NOT_FOUND for one you may not see needs juvenile:read). */
export const JUDICIAL_READ_WRITE = requiresScopes(
  'juvenile:read',
  'juvenile:write',
  'juvenile:sealed',
);
/**
 * A write that names an existing record but changes no sentence (a welfare referral): it answers
 * NOT_FOUND for a record you may not see, which only a reader of records may be told.
 */
export const JUVENILE_READ_WRITE = requiresScopes('juvenile:read', 'juvenile:write');
/** Sealed records, and what weighs them, with {@link JUDICIAL_PURPOSE}. */
export const SEALED_READ = requiresScopes('juvenile:sealed');
/** Purpose JUDICIAL with a reference (schema/access.ts `purpose.judicial`). */
export const JUDICIAL_PURPOSE = policy('purpose.judicial');
