/**
 * The rules of one pushed intel item (no GraphQL, no database), so the push mutation and the
 * bulk-ingest client check items alike: the server on the coerced GraphQL input (Date objects),
 * the client on a raw JSON line (dates as strings, checked by the server's own DateTimeISO
 * coercion). Written by hand rather than with zod: it runs for every item of every bulk push,
 * on both ends, and a plain walk costs a fraction of a schema library's per-item overhead.
 * The first problem found is reported as `path: message`.
 */
import { GraphQLDateTimeISO } from 'graphql-scalars';

/** Most items one push may carry. */
export const MAX_PUSH_ITEMS = 1000;

export const INTEL_KINDS = ['ROOM', 'HANDLE', 'INTRODUCTION', 'OBSERVATION', 'CASE_LINK'] as const;
export type IntelKind = (typeof INTEL_KINDS)[number];

export interface IntelRef {
  readonly source: string;
  readonly externalId: string;
}

interface Keyed {
  readonly source: string;
  readonly externalId: string;
}

export interface RoomItem extends Keyed {
  readonly kind: 'ROOM';
  readonly platform: string;
  readonly externalRoomId: string;
  readonly title: string;
  readonly city: string;
  readonly capacity: number | null;
  readonly memberCount: number;
  readonly activeFrom: string | null;
  readonly activeTo: string | null;
  readonly inviteOnly: boolean;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}

export interface HandleItem extends Keyed {
  readonly kind: 'HANDLE';
  readonly room: IntelRef;
  readonly handle: string;
  /** The Person as the API shows it (an opaque id); resolved by the writer. */
  readonly personId: string | null;
  readonly firstSeen: Date | null;
}

export interface IntroductionItem extends Keyed {
  readonly kind: 'INTRODUCTION';
  readonly introducer: IntelRef;
  readonly newcomer: IntelRef;
  /** Null: the newcomer's room. */
  readonly room: IntelRef | null;
  readonly at: Date;
}

export interface ObservationItem extends Keyed {
  readonly kind: 'OBSERVATION';
  readonly room: IntelRef;
  readonly at: Date;
  readonly observationKind: ObservationKind;
  readonly summary: string;
  readonly evidenceHash: string;
  readonly reportingOfficer: string;
}

export interface CaseLinkItem extends Keyed {
  readonly kind: 'CASE_LINK';
  readonly room: IntelRef;
  /** The Case as the API shows it (an opaque id); resolved by the writer. */
  readonly caseId: string;
}

export type RoomIntelItem =
  RoomItem | HandleItem | IntroductionItem | ObservationItem | CaseLinkItem;

/** An item once the writer resolved its references to other subgraphs' records to database ids. */
export type Resolved<T> = T extends HandleItem
  ? Omit<HandleItem, 'personId'> & { readonly personId: number | null }
  : T extends CaseLinkItem
    ? Omit<CaseLinkItem, 'caseId'> & { readonly caseId: number }
    : T;

export type ItemCheck = { ok: true; item: RoomIntelItem } | { ok: false; message: string };

class Problem extends Error {
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
  }
}

const CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.UTC(2000, 0, 1);
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SOURCE_MESSAGE = 'must be 1–64 letters, digits or . _ : -';
const PLATFORM = /^[a-z0-9][a-z0-9._-]{0,31}$/;
const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const SHA256 = /^[0-9a-f]{64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** What an observation records (the cyber subgraph's `ObservationKind`). */
export enum ObservationKind {
  LIVE_DRUG_USE = 'LIVE_DRUG_USE',
  SALE_OFFER = 'SALE_OFFER',
  PRICE_QUOTE = 'PRICE_QUOTE',
  PAYMENT_DETAILS = 'PAYMENT_DETAILS',
  OTHER = 'OTHER',
}

const OBSERVATION_KINDS = new Set<string>(Object.values(ObservationKind));

type Fields = Record<string, unknown>;

/** A plain object (or GraphQL input instance) with no field outside `allowed`. */
function object(value: unknown, path: string, allowed: ReadonlySet<string>): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem(path, 'must be an object');
  }
  const fields = value as Fields;
  for (const key in fields) {
    if (!allowed.has(key) && fields[key] !== undefined) {
      throw new Problem(path, `unknown field ${key}`);
    }
  }
  return fields;
}

const given = (value: unknown) => value !== undefined && value !== null;

function text(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') {
    throw new Problem(path, 'must be a string');
  }
  if (value.trim() === '') {
    throw new Problem(path, 'must not be blank');
  }
  if (value.length > max) {
    throw new Problem(path, `must be at most ${max} characters`);
  }
  if (CONTROL.test(value)) {
    throw new Problem(path, 'must not contain control characters');
  }
  return value;
}

function matching(value: unknown, path: string, pattern: RegExp, message: string): string {
  if (typeof value !== 'string') {
    throw new Problem(path, 'must be a string');
  }
  if (!pattern.test(value)) {
    throw new Problem(path, message);
  }
  return value;
}

function count(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Problem(path, 'must be an integer');
  }
  if (value < min) {
    throw new Problem(path, min === 0 ? 'must not be negative' : `must be at least ${min}`);
  }
  if (value > max) {
    throw new Problem(path, `must be at most ${max}`);
  }
  return value;
}

/** An instant that has happened (this century, not in the future). */
function instant(value: unknown, path: string): Date {
  let date: Date | undefined;
  if (value instanceof Date) {
    date = value;
  } else if (typeof value === 'string') {
    try {
      date = GraphQLDateTimeISO.parseValue(value) as Date;
    } catch {
      date = undefined;
    }
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw new Problem(path, 'must be an RFC 3339 date-time');
  }
  if (date.getTime() < EARLIEST || date.getTime() > Date.now() + CLOCK_SKEW_MS) {
    throw new Problem(path, 'must be between 2000 and now');
  }
  return date;
}

/**
 * The id of a record of another subgraph, as the API shows it. Its shape is checked here (this
 * contract is also checked by clients, who hold no key); the writer resolves it.
 */
function recordId(type: string, value: unknown, path: string): string {
  const id = typeof value === 'string' ? value.trim() : '';
  if (id === '' || id.length > 64) {
    throw new Problem(path, `must be the id of a ${type}`);
  }
  return id;
}

/** Another item by its externalId (`<field>`) and source (`<field>Source`, default the item's). */
function reference(fields: Fields, field: string, path: string, itemSource: string): IntelRef {
  const source = fields[`${field}Source`];
  return {
    source: given(source)
      ? matching(source, `${path}.${field}Source`, SOURCE, SOURCE_MESSAGE)
      : itemSource,
    externalId: text(fields[field], `${path}.${field}`, 128),
  };
}

function part(item: Fields, name: string): Fields {
  const value = item[name];
  if (!given(value)) {
    throw new Problem(name, `is required when kind is ${String(item.kind)}`);
  }
  return value as Fields;
}

const ROOM_FIELDS = new Set([
  'platform',
  'externalRoomId',
  'title',
  'city',
  'capacity',
  'memberCount',
  'activeFrom',
  'activeTo',
  'inviteOnly',
  'firstSeen',
  'lastSeen',
]);

function room(keyed: Keyed, value: Fields): RoomItem {
  const r = object(value, 'room', ROOM_FIELDS);
  const platform = typeof r.platform === 'string' ? r.platform.trim().toLowerCase() : r.platform;
  const capacity = given(r.capacity) ? count(r.capacity, 'room.capacity', 1, 100_000) : null;
  const memberCount = count(r.memberCount, 'room.memberCount', 0, 100_000);
  if (capacity !== null && memberCount > capacity) {
    throw new Problem('room.memberCount', 'must not exceed capacity');
  }
  const window = ['activeFrom', 'activeTo'].map((field) =>
    given(r[field])
      ? matching(r[field], `room.${field}`, TIME_OF_DAY, 'must be a time of day HH:MM')
      : null,
  );
  if ((window[0] === null) !== (window[1] === null)) {
    throw new Problem('room.activeTo', 'activeFrom and activeTo go together');
  }
  if (given(r.inviteOnly) && typeof r.inviteOnly !== 'boolean') {
    throw new Problem('room.inviteOnly', 'must be true or false');
  }
  const firstSeen = instant(r.firstSeen, 'room.firstSeen');
  const lastSeen = given(r.lastSeen) ? instant(r.lastSeen, 'room.lastSeen') : firstSeen;
  if (lastSeen < firstSeen) {
    throw new Problem('room.lastSeen', 'must not be before firstSeen');
  }
  return {
    kind: 'ROOM',
    ...keyed,
    platform: matching(platform, 'room.platform', PLATFORM, 'must be a platform code'),
    externalRoomId: text(r.externalRoomId, 'room.externalRoomId', 128),
    title: text(r.title, 'room.title', 200).trim(),
    city: text(r.city, 'room.city', 64).trim(),
    capacity,
    memberCount,
    activeFrom: window[0] ?? null,
    activeTo: window[1] ?? null,
    inviteOnly: r.inviteOnly === true,
    firstSeen,
    lastSeen,
  };
}

const HANDLE_FIELDS = new Set(['room', 'roomSource', 'handle', 'personId', 'firstSeen']);

function handle(keyed: Keyed, value: Fields): HandleItem {
  const h = object(value, 'handle', HANDLE_FIELDS);
  return {
    kind: 'HANDLE',
    ...keyed,
    room: reference(h, 'room', 'handle', keyed.source),
    handle: text(h.handle, 'handle.handle', 100),
    personId: given(h.personId) ? recordId('Person', h.personId, 'handle.personId') : null,
    firstSeen: given(h.firstSeen) ? instant(h.firstSeen, 'handle.firstSeen') : null,
  };
}

const INTRODUCTION_FIELDS = new Set([
  'introducer',
  'introducerSource',
  'newcomer',
  'newcomerSource',
  'room',
  'roomSource',
  'at',
]);

function introduction(keyed: Keyed, value: Fields): IntroductionItem {
  const i = object(value, 'introduction', INTRODUCTION_FIELDS);
  if (given(i.roomSource) && !given(i.room)) {
    throw new Problem('introduction.room', 'is required with roomSource');
  }
  return {
    kind: 'INTRODUCTION',
    ...keyed,
    introducer: reference(i, 'introducer', 'introduction', keyed.source),
    newcomer: reference(i, 'newcomer', 'introduction', keyed.source),
    room: given(i.room) ? reference(i, 'room', 'introduction', keyed.source) : null,
    at: instant(i.at, 'introduction.at'),
  };
}

const OBSERVATION_FIELDS = new Set([
  'room',
  'roomSource',
  'at',
  'kind',
  'summary',
  'evidenceHash',
  'reportingOfficer',
]);

function observation(keyed: Keyed, value: Fields): ObservationItem {
  const o = object(value, 'observation', OBSERVATION_FIELDS);
  if (typeof o.kind !== 'string' || !OBSERVATION_KINDS.has(o.kind)) {
    throw new Problem('observation.kind', `must be one of ${[...OBSERVATION_KINDS].join(', ')}`);
  }
  const hash = typeof o.evidenceHash === 'string' ? o.evidenceHash.toLowerCase() : o.evidenceHash;
  return {
    kind: 'OBSERVATION',
    ...keyed,
    room: reference(o, 'room', 'observation', keyed.source),
    at: instant(o.at, 'observation.at'),
    observationKind: o.kind as ObservationKind,
    summary: text(o.summary, 'observation.summary', 2000).trim(),
    evidenceHash: matching(
      hash,
      'observation.evidenceHash',
      SHA256,
      'must be a SHA-256 hex digest (64 hex digits)',
    ),
    reportingOfficer: text(o.reportingOfficer, 'observation.reportingOfficer', 64).trim(),
  };
}

const CASE_LINK_FIELDS = new Set(['room', 'roomSource', 'caseId']);

function caseLink(keyed: Keyed, value: Fields): CaseLinkItem {
  const l = object(value, 'caseLink', CASE_LINK_FIELDS);
  return {
    kind: 'CASE_LINK',
    ...keyed,
    room: reference(l, 'room', 'caseLink', keyed.source),
    caseId: recordId('Case', l.caseId, 'caseLink.caseId'),
  };
}

/** Each kind: the part that carries it and how to read that part. */
const KINDS: Record<
  IntelKind,
  [part: string, read: (keyed: Keyed, value: Fields) => RoomIntelItem]
> = {
  ROOM: ['room', room],
  HANDLE: ['handle', handle],
  INTRODUCTION: ['introduction', introduction],
  OBSERVATION: ['observation', observation],
  CASE_LINK: ['caseLink', caseLink],
};
const PARTS = Object.values(KINDS).map(([name]) => name);
const ITEM_FIELDS = new Set(['kind', 'source', 'externalId', ...PARTS]);

function readItem(value: unknown): RoomIntelItem {
  const item = object(value, '', ITEM_FIELDS);
  const kind = KINDS[item.kind as IntelKind] as (typeof KINDS)[IntelKind] | undefined;
  if (typeof item.kind !== 'string' || !kind) {
    throw new Problem('kind', `must be one of ${INTEL_KINDS.join(', ')}`);
  }
  const keyed: Keyed = {
    source: matching(item.source, 'source', SOURCE, SOURCE_MESSAGE),
    externalId: text(item.externalId, 'externalId', 128),
  };
  const [own, read] = kind;
  for (const other of PARTS) {
    if (other !== own && given(item[other])) {
      throw new Problem(other, `must not be set when kind is ${item.kind}`);
    }
  }
  return read(keyed, part(item, own));
}

/** Checks one item; on failure names the first problem (`room.memberCount: must …`). */
export function checkRoomIntelItem(value: unknown): ItemCheck {
  try {
    return { ok: true, item: readItem(value) };
  } catch (error) {
    if (error instanceof Problem) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
