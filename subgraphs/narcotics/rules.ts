/**
 * The record-level rules of the narcotics subgraph (DESIGN §6), in one place.
 *
 * **Dissemination.** Every case has an owning agency and a code: GREEN (every agency sees it in
 * full), YELLOW (other agencies see only a pointer and must ask the owner), RED (only the owning
 * agency sees it at all).
 * - *Which* rows a caller sees, and which of them in full, is decided by PostgreSQL row-level
 *   security (migrations 1764300400000, 1764310000000: `narcotics.case_in_full` and the policies
 *   built on it), from the caller's agency as the gateway vouched for it (the database context;
 *   a session's own settings count for nothing). RED rows of another agency
 *   never reach this code; neither do the suspects, seizures, arrests and labs of a case not
 *   visible in full. Each case row carries the database's verdict as `inFull`.
 * - *What a pointer shows* is decided here: {@link POINTER_FIELDS}, enforced for every field of
 *   `Case` by {@link pointerFieldsOnly} (attached to the `Case` type and its field resolvers), and
 *   obeyed by the case filters (a filter on a withheld field never matches a pointer). A row
 *   without the verdict is treated as a pointer (fail closed).
 * - Writes need a case visible in full ({@link isPointer}); the database refuses them too.
 * - *Where a pointer sorts* depends only on what it shows ({@link compareAsShown}): probe cases
 *   opened at chosen dates cannot bracket its opening date.
 * - *Case numbers* are unique per owning agency (migration 1764300700000): opening a case never
 *   says another agency's number is taken, and {@link caseForNumber} picks among the cases a
 *   number names for the caller. Numbers the hub makes are random ({@link assignedCaseNumber}).
 * - *References other subgraphs hold* to cases and persons (a room's linked cases, a handle's or
 *   juvenile record's person, a record's case) are resolved here, through the same loaders as
 *   `case(id)` and `person(id)` (resolvers/references.resolver.ts): hidden or unknown, absent.
 *   What other subgraphs add to a case `@requires` its `restricted` verdict and withhold it from
 *   a pointer there; test/security/reference-owners.test.ts keeps both true of every field.
 *
 * **Minors' identity.** Decided by age alone, from this subgraph's own rows that the caller may
 * see (never from juvenile records, which say what the caller may not know): a person's identity
 * is *protected* when they are under 18 today, or a suspect in a case the caller sees in full
 * that was opened while they were under 18. Protected identities show masked to callers without
 * `juvenile:read` ({@link identityOf}): initials for the name, `***` for the national id, no date
 * of birth (`birthYear` only), `identityMasked: true`.
 * - *Unknown date of birth counts as under 18*: the hub cannot show that such a person is an
 *   adult, and a minor's identity is what the law protects (fail closed). Recording the date of
 *   birth lifts the mask where it does not apply.
 * - The mask is person-wide, not per path: a person masked on one suspect link is masked by id,
 *   in lists and through `_entities` too, or the id would undo the mask.
 * - The verdict is the database's (repositories/identity.sql.ts), read with every person row:
 *   the same SQL filters searches, so display and search never disagree; it runs under
 *   row-level security, so a case the caller cannot see (RED, or a pointer) changes nothing they
 *   can observe. A row without the verdict is masked.
 * - Search and order never use what the caller sees masked ({@link personListing}).
 */
import type { MiddlewareFn } from 'type-graphql';

import type { Principal, Scope } from '../../schema/access.js';
import type { SubgraphContext } from '../kit/index.js';

// ---------------------------------------------------------------------------------------------
// Dissemination

/**
 * What a pointer (a YELLOW case of another agency) shows: that the case exists, its case number,
 * its dissemination code, and the owning agency (code, name, contact) to ask. Every other field
 * of `Case` is null for a pointer — including fields added later, unless listed here.
 */
export const POINTER_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'caseNumber',
  'dissemination',
  'owningAgency',
  'restricted',
]);

/** How the schema describes a field a pointer withholds. */
export const WITHHELD_FROM_POINTERS = 'Null when the case is restricted (a pointer).';

/** What this module needs of a case row: the database's verdict (a virtual column). */
export interface DisseminatedRow {
  /** True when the caller sees the case in full (GREEN or their own); set by the database. */
  readonly inFull?: boolean | null;
}

/** A case the caller may see only as a pointer (fail closed: no verdict means pointer). */
export function isPointer(row: DisseminatedRow): boolean {
  return row.inFull !== true;
}

/** Whether a pointer shows `field` (and so whether a filter on it may match a pointer). */
export function pointerShows(field: string): boolean {
  return POINTER_FIELDS.has(field);
}

/**
 * Runs before every field of `Case`: for a pointer, a field a pointer does not show resolves to
 * null without running (no loader, no SQL). Root fields (queries) pass through untouched.
 */
export const pointerFieldsOnly: MiddlewareFn<SubgraphContext> = ({ root, info }, next) => {
  if (
    info.parentType.name === 'Case' &&
    root != null &&
    isPointer(root as DisseminatedRow) &&
    !pointerShows(info.fieldName)
  ) {
    return Promise.resolve(null);
  }
  return next();
};

/** What ordering needs of a case row. */
export interface OrderedCase extends DisseminatedRow {
  readonly id: number;
  readonly caseNumber: string;
  readonly owningAgencyCode: string;
  readonly openedAt: Date;
}

/**
 * The order of every list of cases: a pointer's place must not depend on what it withholds (its
 * opening date), or probe cases opened at chosen dates would bracket it. Cases seen in full come
 * first, newest opened first (then id); pointers follow, ordered only by what a pointer shows:
 * case number, then owning agency (together unique), both descending, compared bytewise. SQL
 * lists sort by the same key (case.repository.ts `caseSortKey`); this is its in-memory twin.
 */
export function compareAsShown(a: OrderedCase, b: OrderedCase): number {
  const [aFull, bFull] = [!isPointer(a), !isPointer(b)];
  if (aFull !== bFull) {
    return aFull ? -1 : 1;
  }
  if (aFull) {
    return b.openedAt.getTime() - a.openedAt.getTime() || b.id - a.id;
  }
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return byText(b.caseNumber, a.caseNumber) || byText(b.owningAgencyCode, a.owningAgencyCode);
}

/**
 * Which case a case number names for a caller. Numbers are unique per owning agency, so several
 * agencies' cases may share one; `candidates` are those the caller may see (row-level security
 * removed the rest, so no answer here can reveal a hidden case). The named agency's case; else
 * the caller's own agency's; else the only one; else `'ambiguous'` (ask with an agency).
 */
export function caseForNumber<T extends { owningAgencyCode: string }>(
  candidates: readonly T[],
  callerAgency: string,
  owningAgency?: string | null,
): T | null | 'ambiguous' {
  if (owningAgency) {
    return candidates.find((c) => c.owningAgencyCode === owningAgency) ?? null;
  }
  const own = candidates.find((c) => c.owningAgencyCode === callerAgency);
  if (own || candidates.length <= 1) {
    return own ?? candidates[0] ?? null;
  }
  return 'ambiguous';
}

/**
 * A case number the hub makes (the demo seed's): `ND-<year>-<six random digits>`. Never
 * sequential: from consecutive numbers a caller could count the gaps — the cases they may not
 * see. `draw` returns a uniform integer in [0, 10^6). Agencies choose the numbers of the cases
 * they open; numbering their own cases in sequence would let others count their hidden ones.
 */
export function assignedCaseNumber(year: number, draw: () => number): string {
  return `ND-${year}-${String(draw()).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Minors' identity

/** The scope that lets a caller see protected identities unmasked. */
export const UNMASKING_SCOPE: Scope = 'juvenile:read';

/** Whether `principal` sees protected identities unmasked. */
/** What `Person.nationalId` needs (its @requiresScopes): the scope a search by it needs too. */
const NATIONAL_ID_SCOPE: Scope = 'pii:read';

export function seesMinorsUnmasked(principal: Pick<Principal, 'scopes'>): boolean {
  return principal.scopes.includes(UNMASKING_SCOPE);
}

/** What identity masking needs of a person. */
export interface IdentitySource {
  readonly fullName: string;
  readonly nationalId: string | null;
  readonly dateOfBirth: string | null;
  /** The database's verdict, read with the row (absent: not read, so protected). */
  readonly identityProtected?: boolean | null;
}

/** The identity fields as one caller may see them. */
export interface Identity {
  readonly fullName: string;
  readonly nationalId: string | null;
  /** Null when masked: a masked date of birth is its year only (`birthYear`). */
  readonly dateOfBirth: string | null;
  readonly masked: boolean;
}

/**
 * "Zhang Wei" → "Z. W." (first letter of each word, upper-cased); the database's
 * `narcotics.initials` does the same for ordering.
 */
export function initials(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/u)
    .map((word) => `${Array.from(word)[0]?.toLocaleUpperCase() ?? ''}.`)
    .join(' ');
}

/** The person's identity fields as `principal` may see them (fail closed without a verdict). */
export function identityOf(person: IdentitySource, principal: Pick<Principal, 'scopes'>): Identity {
  if (seesMinorsUnmasked(principal) || person.identityProtected === false) {
    return {
      fullName: person.fullName,
      nationalId: person.nationalId,
      dateOfBirth: person.dateOfBirth,
      masked: false,
    };
  }
  return {
    fullName: initials(person.fullName),
    nationalId: person.nationalId === null ? null : '***',
    dateOfBirth: null,
    masked: true,
  };
}

/**
 * When a national id is "on record" for a caller adding a suspect: exactly when the caller's own
 * search by it would find someone. One held by a person the caller sees masked answers as a free
 * id — a conflict there, beside a search that finds nobody, would tell the caller that a
 * protected person holds it — and the person is recorded as the caller describes them; officers
 * who see every identity see both records.
 */
export function nationalIdOnRecordFor(principal: Pick<Principal, 'scopes'>): {
  readonly skipsProtected: boolean;
} {
  return { skipsProtected: personListing(principal, true).searchSkipsProtected };
}

/** How `Query.persons` searches and orders for one caller. */
export interface PersonListing {
  /** A name or national-id search matches only persons whose identity is not protected. */
  readonly searchSkipsProtected: boolean;
  /** `name`: full name, then id. `initials`: initials, then id. */
  readonly order: 'name' | 'initials';
  /**
   * A search may match a national id: only for a caller who may read `Person.nationalId`
   * (pii:read). Otherwise the search would answer "whose id is this?" of a field the caller
   * is refused, and confirm a guessed date of birth through the id that embeds it.
   */
  readonly matchesNationalId: boolean;
}

/**
 * Search and order never use identity values the caller sees masked. A caller who sees every
 * identity whole searches everyone and reads lists in name order. Anyone else: a search matches
 * only persons shown whole (so its hits are in name order, which tells nothing new), and a list
 * without a search, which shows protected persons masked, is in order of initials — what the
 * caller sees of every person — then id.
 */
export function personListing(
  principal: Pick<Principal, 'scopes'>,
  searching: boolean,
): PersonListing {
  const matchesNationalId = principal.scopes.includes(NATIONAL_ID_SCOPE);
  if (seesMinorsUnmasked(principal)) {
    return { searchSkipsProtected: false, order: 'name', matchesNationalId };
  }
  return {
    searchSkipsProtected: true,
    order: searching ? 'name' : 'initials',
    matchesNationalId,
  };
}
