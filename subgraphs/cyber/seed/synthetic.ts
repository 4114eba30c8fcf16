/**
 * Deterministic synthetic room intel, as push items (the JSON a pusher sends): the demo seed,
 * the sample NDJSON file and the ingest bench all draw from here. A fixed-seed PRNG
 * (mulberry32), made-up platforms, rooms and user names; no real people.
 */
import { createHash } from 'node:crypto';

import { Random } from '../../kit/index.js';

/** A push item as JSON (dates as RFC 3339 strings), the shape of one NDJSON line. */
export type RawIntelItem = Record<string, unknown> & {
  kind: string;
  source: string;
  externalId: string;
};

export interface SyntheticOptions {
  readonly seed: number;
  readonly source: string;
  readonly rooms: number;
  /** Most handles made per large room (small drug-taking rooms get one per member). */
  readonly maxHandlesPerRoom: number;
  readonly observationsPerRoom: readonly [min: number, max: number];
  /** Narcotics demo ids to link to (cases 1..caseIds, persons 1..personIds); 0 for none. */
  readonly caseIds: number;
  readonly personIds: number;
  /** Prefix of every externalId (distinct runs of the bench use distinct prefixes). */
  readonly idPrefix?: string;
}

/** What samples/room-intel.ndjson holds (a test keeps the file and this in step). */
export const SAMPLE_FILE_OPTIONS: SyntheticOptions = {
  seed: 2026,
  source: 'gs-cyber',
  rooms: 9,
  maxHandlesPerRoom: 15,
  observationsPerRoom: [3, 8],
  // Persons and cases are named by the ids the API shows, which differ per deployment (opaque,
  // under each hub's id key): a file for every hub names none.
  caseIds: 0,
  personIds: 0,
  idPrefix: 'sample-',
};

/** Items as NDJSON text, one per line. */
export function toNdjson(items: Iterable<RawIntelItem>): string {
  let text = '';
  for (const item of items) {
    text += `${JSON.stringify(item)}\n`;
  }
  return text;
}

/** Made-up platforms by code. */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  lanternlive: 'Lantern Live',
  nightowl: 'NightOwl Video',
  starroom: 'StarRoom',
  echocam: 'EchoCam',
};
const PLATFORMS = Object.keys(PLATFORM_NAMES);
/** Where the campaign found its first rooms, then everywhere else. */
const FIRST_CITIES = ['Lanzhou', "Xi'an"] as const;
const OTHER_CITIES = [
  'Chengdu',
  'Chongqing',
  'Kunming',
  'Xining',
  'Yinchuan',
  'Wuhan',
  'Guangzhou',
  'Shenzhen',
  'Beijing',
  'Shanghai',
] as const;
const NIGHT_WORDS = ['Skating Rink', 'Ice Garden', 'Midnight Lounge', 'Sugar Party', 'Cloud Nine'];
const OPEN_WORDS = ['Music Hall', 'Chat Corner', 'Karaoke Night', 'Gamers Den', 'Free Talk'];
const NAME_A = [
  'blue',
  'red',
  'night',
  'lucky',
  'cold',
  'silver',
  'wild',
  'quiet',
  'sweet',
  'iron',
];
const NAME_B = ['fox', 'tiger', 'owl', 'cat', 'wolf', 'crane', 'eel', 'bee', 'hawk', 'moth'];
const SALE_LINES = [
  'offers "ice" by the gram, delivery same night',
  'posts a menu of pills with prices',
  'asks newcomers to message privately for "candy"',
];
const PRICE_LINES = [
  'quotes 400 yuan a gram',
  'quotes 1,200 yuan for three grams',
  'names a bulk price',
];
const PAY_LINES = [
  'shows a payment QR code',
  'names a bank card to pay into',
  'asks for a crypto transfer',
];
const USE_LINES = [
  'three members smoke from a glass pipe on camera',
  'host prepares and takes a dose live',
  'members take pills together on webcam',
];
const OBSERVATION_LINES: Readonly<Record<string, readonly string[]>> = {
  LIVE_DRUG_USE: USE_LINES,
  SALE_OFFER: SALE_LINES,
  PRICE_QUOTE: PRICE_LINES,
  PAYMENT_DETAILS: PAY_LINES,
  OTHER: ['room moves to a new invite link'],
};

/** The campaign's calendar: from 1 September 2025, China Standard Time. */
const START_MS = Date.parse('2025-09-01T00:00:00+08:00');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number, width = 4) => String(n).padStart(width, '0');
const hhmm = (hour: number) => `${pad(hour % 24, 2)}:00`;

interface RoomPlan {
  readonly externalId: string;
  readonly small: boolean;
  readonly firstSeenMs: number;
  readonly window: readonly [from: number, to: number] | null;
  readonly handles: string[];
}

/** A day and hour (CST) inside the room's window, as epoch ms. */
function momentIn(random: Random, room: RoomPlan, dayOffset: number): number {
  const [from, to] = room.window ?? [0, 24];
  const length = (to - from + 24) % 24 || 24;
  const hour = (from + random.int(0, length - 1)) % 24;
  const day = room.firstSeenMs + dayOffset * DAY_MS;
  const midnightCst = day - ((day + 8 * HOUR_MS) % DAY_MS);
  return midnightCst + hour * HOUR_MS + random.int(0, 59) * 60_000 + random.int(0, 59) * 1000;
}

/** Running numbers across rooms, so ids and suspects stay unique in one run. */
interface Serials {
  handle: number;
  observation: number;
  caseOneSuspect: number;
}

/** The room's handles (every member of a small room, at most maxHandlesPerRoom of a big one). */
function* handlesOf(
  random: Random,
  options: SyntheticOptions,
  room: RoomPlan,
  { caseId, memberCount }: { caseId: number | null; memberCount: number },
  serials: Serials,
): Generator<RawIntelItem> {
  const { source } = options;
  const prefix = options.idPrefix ?? '';
  const handleCount = room.small ? memberCount : Math.min(memberCount, options.maxHandlesPerRoom);
  for (let h = 0; h < handleCount; h += 1) {
    serials.handle += 1;
    const externalId = `${prefix}handle-${pad(serials.handle, 6)}`;
    room.handles.push(externalId);
    const personId = personOf(options, caseId, h, serials.handle, () => {
      serials.caseOneSuspect += 1;
      return serials.caseOneSuspect;
    });
    yield {
      kind: 'HANDLE',
      source,
      externalId,
      handle: {
        room: room.externalId,
        handle: `${random.pick(NAME_A)}_${random.pick(NAME_B)}_${random.int(1, 99)}`,
        personId: personId === null ? null : String(personId),
        firstSeen: iso(room.firstSeenMs + h * HOUR_MS),
      },
    };
  }
}

/** What officers saw in the room: use in small night rooms, trade in open ones. */
function* observationsOf(
  random: Random,
  options: SyntheticOptions,
  room: RoomPlan,
  serials: Serials,
): Generator<RawIntelItem> {
  const { source } = options;
  const prefix = options.idPrefix ?? '';
  const [minObs, maxObs] = options.observationsPerRoom;
  for (let o = random.int(minObs, maxObs); o > 0; o -= 1) {
    serials.observation += 1;
    const at = momentIn(random, room, random.int(0, 30));
    const kind = room.small
      ? random.pick(['LIVE_DRUG_USE', 'LIVE_DRUG_USE', 'PRICE_QUOTE', 'PAYMENT_DETAILS'])
      : random.pick(['SALE_OFFER', 'PRICE_QUOTE', 'PAYMENT_DETAILS', 'OTHER']);
    const externalId = `${prefix}obs-${pad(serials.observation, 7)}`;
    yield {
      kind: 'OBSERVATION',
      source,
      externalId,
      observation: {
        room: room.externalId,
        at: iso(at),
        kind,
        summary: random.pick(OBSERVATION_LINES[kind] ?? USE_LINES),
        evidenceHash: createHash('sha256').update(`${source}/${externalId}`).digest('hex'),
        reportingOfficer: `CY-${pad(random.int(1, 40), 4)}`,
      },
    };
  }
}

/** Every item in push order: each room, then its handles, introductions, observations, links. */
export function* syntheticIntel(options: SyntheticOptions): Generator<RawIntelItem> {
  const random = new Random(options.seed);
  const source = options.source;
  const prefix = options.idPrefix ?? '';
  const rooms: RoomPlan[] = [];
  const serials: Serials = { handle: 0, observation: 0, caseOneSuspect: 0 };
  for (let r = 0; r < options.rooms; r += 1) {
    const first = r < Math.min(12, Math.ceil(options.rooms / 4));
    const city = first ? FIRST_CITIES[r % 2] : random.pick(OTHER_CITIES);
    const small = r % 3 === 0;
    const memberCount = small ? random.int(8, 12) : random.int(10, 500);
    const window: RoomPlan['window'] = small
      ? [21, 4]
      : random.pick<RoomPlan['window']>([[19, 23], [20, 2], [12, 18], [22, 5], null]);
    const day = first ? r : 12 + Math.floor((r * 280) / options.rooms);
    const firstSeenMs = START_MS + day * DAY_MS + random.int(0, 23) * HOUR_MS;
    const room: RoomPlan = {
      externalId: `${prefix}room-${pad(r + 1, 5)}`,
      small,
      firstSeenMs,
      window,
      handles: [],
    };
    rooms.push(room);
    const caseId = caseOf(options, r);
    const words = small ? NIGHT_WORDS : OPEN_WORDS;
    yield {
      kind: 'ROOM',
      source,
      externalId: room.externalId,
      room: {
        platform: random.pick(PLATFORMS),
        externalRoomId: String(100_000 + random.int(0, 899_999)),
        title: `${random.pick(words)} ${r + 1}`,
        city,
        capacity: small ? random.int(memberCount, 15) : random.int(memberCount, 500),
        memberCount,
        activeFrom: window ? hhmm(window[0]) : null,
        activeTo: window ? hhmm(window[1]) : null,
        inviteOnly: small || random.next() < 0.3,
        firstSeen: iso(firstSeenMs),
        lastSeen: iso(firstSeenMs + random.int(5, 60) * DAY_MS),
      },
    };
    yield* handlesOf(random, options, room, { caseId, memberCount }, serials);
    yield* introductions(random, source, room, rooms);
    yield* observationsOf(random, options, room, serials);
    if (caseId !== null) {
      yield {
        kind: 'CASE_LINK',
        source,
        externalId: `link-${room.externalId}-${caseId}`,
        caseLink: { room: room.externalId, caseId: String(caseId) },
      };
    }
  }
}

/**
 * The narcotics case a room is tied to: the first two rooms to case 1, every fifth to another,
 * each to a case of its own while there are cases (room r → case r + 1): the article profile's
 * 300 links reach 300 cases. (Was `(r * 13) % cases`, which for every fifth room of 60 cases
 * hit only 12 of them.)
 */
function caseOf(options: SyntheticOptions, room: number): number | null {
  if (options.caseIds === 0 || (room > 1 && room % 5 !== 0)) {
    return null;
  }
  return room <= 1 ? 1 : (room % options.caseIds) + 1;
}

/** The narcotics demo's first case has suspects 1–12: half the handles in its rooms are them. */
const CASE_ONE_SUSPECTS = 12;

/** The person behind a handle, if known: case 1's suspects in its rooms, a few others elsewhere. */
function personOf(
  options: SyntheticOptions,
  caseId: number | null,
  handleIndex: number,
  serial: number,
  nextCaseOneSuspect: () => number,
): number | null {
  if (options.personIds === 0) {
    return null;
  }
  if (caseId === 1 && handleIndex % 2 === 0) {
    return ((nextCaseOneSuspect() - 1) % Math.min(CASE_ONE_SUSPECTS, options.personIds)) + 1;
  }
  return serial % 23 === 1 ? ((serial * 7) % options.personIds) + 1 : null;
}

/**
 * Who let whom in: a small room is one chain through all its members (so chains run 7+ deep);
 * a large room's newcomers are vouched for by earlier members; now and then a member of an
 * earlier room introduces the first member of a new one, so chains cross rooms.
 */
function* introductions(
  random: Random,
  source: string,
  room: RoomPlan,
  rooms: readonly RoomPlan[],
): Generator<RawIntelItem> {
  const earlier = rooms.length > 1 ? rooms[random.int(0, rooms.length - 2)] : undefined;
  const pairs: [string, string][] = [];
  if (earlier && earlier.handles.length > 0 && room.handles[0] && rooms.length % 2 === 0) {
    pairs.push([random.pick(earlier.handles), room.handles[0]]);
  }
  room.handles.forEach((newcomer, i) => {
    if (i === 0) {
      return;
    }
    const introducer = room.small ? room.handles[i - 1] : room.handles[random.int(0, i - 1)];
    if (introducer) {
      pairs.push([introducer, newcomer]);
    }
  });
  for (const [i, [introducer, newcomer]] of pairs.entries()) {
    yield {
      kind: 'INTRODUCTION',
      source,
      externalId: newcomer.replace('handle-', 'intro-'),
      introduction: {
        introducer,
        newcomer,
        room: room.externalId,
        at: iso(room.firstSeenMs + i * HOUR_MS - 60_000),
      },
    };
  }
}
