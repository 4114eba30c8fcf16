/**
 * The record-level rules of the narcotics subgraph (DESIGN §6), in one place.
 *
 * **Dissemination.** Every case has an owning agency and a code: GREEN (every agency sees it in
 * full), YELLOW (other agencies see only a pointer and must ask the owner), RED (only the owning
 * agency sees it at all).
 * - *Which* rows a caller sees, and which of them in full, is decided by PostgreSQL row-level
 *   security (migration 1764300400000: `narcotics.case_in_full` and the policies built on it),
 *   from the caller's agency in the request's transaction settings. RED rows of another agency
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
 * **Minors' identity.** A person under 18 today (by this subgraph's date of birth), or whom the
 * juvenile subgraph marks `identityProtected` (a sealed record, or a juvenile record showing them
 * under 18), shows masked identity fields to callers without `juvenile:read`: initials for the
 * name, `***` for the national id, no date of birth (only `birthYear`). The gateway fetches the
 * marker from the juvenile subgraph (`@requires`) and passes it with each `_entities`
 * representation; a missing marker counts as protected (fail closed). {@link identityOf} decides.
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

/** Age from which one is an adult. */
export const AGE_OF_MAJORITY = 18;

/** The scope that lets a caller see minors' identities unmasked. */
export const UNMASKING_SCOPE: Scope = 'juvenile:read';

/** Today's calendar date, `YYYY-MM-DD`, in UTC (one clock for every replica). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The latest date of birth of someone who is an adult on `on` (`YYYY-MM-DD`): the same day 18
 * years earlier (29 February, which has no such day, counts from the 28th). Born after it
 * means under 18 on `on`.
 */
export function lastAdultBirthDate(on: string): string {
  const [year, month, day] = on.split('-') as [string, string, string];
  const then = String(Number(year) - AGE_OF_MAJORITY).padStart(4, '0');
  return `${then}-${month}-${month === '02' && day === '29' ? '28' : day}`;
}

/** Under 18 on `on`; both `YYYY-MM-DD` (ISO dates compare as strings). */
export function isMinorOn(dateOfBirth: string, on: string): boolean {
  return dateOfBirth > lastAdultBirthDate(on);
}

/** Whether `principal` sees minors' identities unmasked. */
export function seesMinorsUnmasked(principal: Pick<Principal, 'scopes'>): boolean {
  return principal.scopes.includes(UNMASKING_SCOPE);
}

/** What identity masking needs of a person. */
export interface IdentitySource {
  readonly fullName: string;
  readonly nationalId: string | null;
  readonly dateOfBirth: string | null;
  /** The juvenile subgraph's marker, as the gateway passed it (absent: unknown). */
  readonly identityProtected?: unknown;
}

/** The identity fields as one caller may see them. */
export interface Identity {
  readonly fullName: string;
  readonly nationalId: string | null;
  /** Null when masked: a masked date of birth is its year only (`birthYear`). */
  readonly dateOfBirth: string | null;
  readonly masked: boolean;
}

/** "Zhang Wei" → "Z. W." (first letter of each word, upper-cased). */
export function initials(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/u)
    .map((word) => `${Array.from(word)[0]?.toLocaleUpperCase() ?? ''}.`)
    .join(' ');
}

/**
 * Whether the person's identity is protected: marked by the juvenile subgraph, or under 18 on
 * `on` by their date of birth here. Anything but an explicit `false` marker counts as marked.
 */
export function isIdentityProtected(person: IdentitySource, on: string): boolean {
  if (person.identityProtected !== false) {
    return true;
  }
  return person.dateOfBirth !== null && isMinorOn(person.dateOfBirth, on);
}

/** The person's identity fields as `principal` may see them. */
export function identityOf(
  person: IdentitySource,
  principal: Pick<Principal, 'scopes'>,
  on: string = today(),
): Identity {
  if (seesMinorsUnmasked(principal) || !isIdentityProtected(person, on)) {
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
 * Name and national-id search must not find a person by what the caller would see masked: for
 * callers without `juvenile:read`, persons born after the returned date (minors today) are left
 * out of search matches. Undefined: the caller may find everyone.
 */
export function searchExcludesBornAfter(
  principal: Pick<Principal, 'scopes'>,
  on: string = today(),
): string | undefined {
  return seesMinorsUnmasked(principal) ? undefined : lastAdultBirthDate(on);
}
