/**
 * The record-level rules of juvenile records, as this subgraph's code sees them.
 *
 * - **Who may be on record**: offenders aged {@link MIN_AGE_AT_OFFENCE} to 17 at the offence
 *   ({@link ageAt}, the age on the offence date, not today). Inputs are validated against it
 *   and the table has the same CHECK.
 * - **Sealing** (DESIGN §6): an offence committed under 18 with a combined sentence of at most
 *   60 months is sealed; a new, newly found or revised offence that pushes the person's
 *   combined sentence above 60 months unseals every record of the person, reason kept. The
 *   decision is made in exactly one place, the database function `juvenile.reevaluate_sealing`
 *   (migration 1764300200000), fired by triggers on every insert and sentence change. It must
 *   live there: it weighs records the calling officer is not allowed to see, and no writer may
 *   skip it or set the flag itself (the runtime role has no privilege on `sealed`).
 * - **Visibility**: a sealed record exists only for a caller holding `juvenile:sealed` with
 *   purpose JUDICIAL and a reference; PostgreSQL row-level security (`juvenile.may_read_sealed`)
 *   enforces it on every query, so lists, ids, `_entities`, counts and joins agree. The database
 *   knows the caller only as the gateway vouched for it (the database context, migration
 *   1764310000000), and it writes records only for such a judicial caller too.
 * - **What weighs every record of a person** (`sealReason`, a seal change's `reason` and
 *   `combinedSentenceMonths`) is for callers who may read sealed records only (declared on the
 *   fields: `juvenile:sealed` and purpose JUDICIAL with a reference). On a visible record it
 *   would tell what the law weighed, sealed records of the same person included.
 * - **Writes are judicial acts** (declared on the mutations), since a write can seal or unseal:
 *   recording an offence needs `juvenile:write`, `juvenile:sealed` and purpose JUDICIAL with a
 *   reference — a writer who could not read sealed records could still tell afterwards, by what
 *   it can read, what the law decided, so only a writer who may read every record writes.
 *   Recording a disposition names a record, which it answers NOT_FOUND when the caller may not
 *   see it, so it needs `juvenile:read` too (to anyone else NOT_FOUND would be an existence
 *   probe). A welfare referral changes no sentence and so no seal: `juvenile:read` and
 *   `juvenile:write`, for any stated purpose.
 * - **What a write answers** must not depend on what the law decided unless the caller may read
 *   sealed records: {@link writeAnswer} gives the record to such callers and nothing to anyone
 *   else, whether the law sealed, unsealed or left it — a second fence, should a role ever hold
 *   the write scopes without the right to read sealed records.
 * - **Audit**: every read of a sealed record is reported as {@link SEALED_RECORD_TYPE}, by
 *   {@link reportSealedRead}, on top of the kit's `JuvenileRecord` report; every record a write
 *   unsealed is reported the same way ({@link reportUnsealed}): opening a record is access to it.
 */
import type { MiddlewareFn } from 'type-graphql';

import type { SubgraphContext } from '../kit/index.js';

/** Age from which one is an adult; offences at this age or older are not juvenile records. */
export const AGE_OF_MAJORITY = 18;

/** Youngest age at which an offence is on record (criminal responsibility, exceptional cases). */
export const MIN_AGE_AT_OFFENCE = 12;

/** The type under which reads of sealed records are reported to the audit trail. */
export const SEALED_RECORD_TYPE = 'SealedJuvenileRecord';

/** Whole years from `dateOfBirth` to `on` (both `YYYY-MM-DD`), as PostgreSQL's `age()` counts. */
export function ageAt(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const beforeBirthday = om < bm || (om === bm && od < bd);
  return oy - by - (beforeBirthday ? 1 : 0);
}

/** What the audit middleware needs of a record. */
interface SealableRecord {
  readonly id: number;
  readonly sealed: boolean;
}

/**
 * Runs before every field of a `JuvenileRecord` (attached to the type and to its field
 * resolvers): a sealed record reaching a resolver was lawfully read, and that read is reported.
 */
export const reportSealedRead: MiddlewareFn<SubgraphContext> = ({ root, context }, next) => {
  const record = root as SealableRecord | undefined;
  if (record?.sealed === true) {
    context.accessed.add(SEALED_RECORD_TYPE, record.id, 'JuvenileRecord');
  }
  return next();
};

/**
 * What a write answers: the record as it stands afterwards (`load`, through row-level security)
 * only when the caller may read sealed records — `mayReadSealed`, the database's own
 * `juvenile.may_read_sealed()` for this request — and no record for anyone else, whether the law
 * sealed it, unsealed it or left it. So a write cannot tell its author whether the person's
 * invisible records pushed the combined sentence over the limit.
 */
export async function writeAnswer<R>(
  mayReadSealed: boolean,
  load: () => Promise<R | null>,
): Promise<{ record: R | null }> {
  return { record: mayReadSealed ? await load() : null };
}

/**
 * Reports the records a write unsealed as read, sealed: the write opened them (to the writer and
 * to everyone after), and auditors asking "who saw record X?" must find the request that did.
 */
export function reportUnsealed(context: SubgraphContext, recordIds: readonly number[]): void {
  for (const id of recordIds) {
    context.accessed.add('JuvenileRecord', id);
    context.accessed.add(SEALED_RECORD_TYPE, id, 'JuvenileRecord');
  }
}
