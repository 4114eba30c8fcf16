/**
 * One push from end to end: check every item, settle repeats within the batch, write the rest
 * kind by kind inside one savepoint (all of it or none of it), and account for every item.
 */
import type { EntityManager } from 'typeorm';

import {
  checkRoomIntelItem,
  type IntelKind,
  type Resolved,
  type RoomIntelItem,
} from '../../../schema/intel-item.js';
import { ERROR_CODES, internalId, type RequestScope } from '../../kit/index.js';
import type { PushResult } from '../entities/results.type.js';

import {
  DUPLICATE,
  writeCaseLinks,
  writeHandles,
  writeIntroductions,
  writeObservations,
  writeRooms,
  type Indexed,
  type Outcome,
} from './push.repository.js';

type ByKind = { [K in IntelKind]: Indexed<Resolved<Extract<RoomIntelItem, { kind: K }>>>[] };

/**
 * How a batch's references to other subgraphs' records become database ids: a client's opaque
 * ids through the API (kit `internalId`), the seed's own integers when seeding.
 */
export type ReadId = (type: string, id: string) => number | undefined;

/** The item with its references resolved, or why one cannot be. */
function resolve(item: RoomIntelItem, readId: ReadId): Resolved<RoomIntelItem> | string {
  if (item.kind === 'HANDLE' && item.personId !== null) {
    const personId = readId('Person', item.personId);
    return personId === undefined
      ? 'handle.personId: must be the id of a Person'
      : { ...item, personId };
  }
  if (item.kind === 'CASE_LINK') {
    const caseId = readId('Case', item.caseId);
    return caseId === undefined ? 'caseLink.caseId: must be the id of a Case' : { ...item, caseId };
  }
  return item as Resolved<RoomIntelItem>;
}

function emptyByKind(): ByKind {
  return { ROOM: [], HANDLE: [], INTRODUCTION: [], OBSERVATION: [], CASE_LINK: [] };
}

/** Valid items by kind, first occurrence of each key only; repeats point at their first. */
function sortItems(items: readonly unknown[], outcomes: Map<number, Outcome>, readId: ReadId) {
  const byKind = emptyByKind();
  const firstOf = new Map<string, number>();
  const repeats = new Map<number, number>();
  items.forEach((raw, index) => {
    const checked = checkRoomIntelItem(raw);
    if (!checked.ok) {
      outcomes.set(index, {
        status: 'REJECTED',
        code: ERROR_CODES.BAD_USER_INPUT,
        message: checked.message,
      });
      return;
    }
    const item = resolve(checked.item, readId);
    if (typeof item === 'string') {
      outcomes.set(index, { status: 'REJECTED', code: ERROR_CODES.BAD_USER_INPUT, message: item });
      return;
    }
    const key = `${item.kind}\u0000${item.source}\u0000${item.externalId}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      repeats.set(index, first);
      return;
    }
    firstOf.set(key, index);
    (byKind[item.kind] as Indexed<Resolved<RoomIntelItem>>[]).push({ ...item, index });
  });
  return { byKind, repeats };
}

/** A repeat fares as its first occurrence did: a duplicate of it, or rejected alike. */
function settleRepeats(repeats: Map<number, number>, outcomes: Map<number, Outcome>): void {
  for (const [index, first] of repeats) {
    const outcome = outcomes.get(first);
    outcomes.set(
      index,
      outcome?.status === 'REJECTED'
        ? { ...outcome, message: `${outcome.message} (as item ${first} with the same key)` }
        : DUPLICATE,
    );
  }
}

function summarize(count: number, outcomes: Map<number, Outcome>): PushResult {
  const result: PushResult = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  for (let index = 0; index < count; index += 1) {
    const outcome = outcomes.get(index);
    if (outcome?.status === 'ACCEPTED') {
      result.accepted += 1;
    } else if (outcome?.status === 'DUPLICATE') {
      result.duplicates += 1;
    } else {
      result.rejected += 1;
      result.errors.push(
        outcome?.status === 'REJECTED'
          ? { index, code: outcome.code, message: outcome.message }
          : { index, code: ERROR_CODES.BAD_USER_INPUT, message: 'not processed' },
      );
    }
  }
  return result;
}

/**
 * Checks and writes a batch with `manager` (the caller decides the transaction) into
 * `namespace`, the pusher's agency (rules.ts `pushNamespace`).
 */
export async function writeBatch(
  manager: EntityManager,
  items: readonly unknown[],
  namespace: string,
  readId: ReadId,
): Promise<PushResult> {
  const outcomes = new Map<number, Outcome>();
  const { byKind, repeats } = sortItems(items, outcomes, readId);
  const target = { manager, namespace, outcomes };
  await writeRooms(target, byKind.ROOM);
  await writeHandles(target, byKind.HANDLE);
  await writeIntroductions(target, byKind.INTRODUCTION);
  await writeObservations(target, byKind.OBSERVATION);
  await writeCaseLinks(target, byKind.CASE_LINK);
  settleRepeats(repeats, outcomes);
  return summarize(items.length, outcomes);
}

/** Pushes a batch in one savepoint of the request: all of it or none of it. */
export function pushBatch(
  scope: RequestScope,
  items: readonly unknown[],
  namespace: string,
): Promise<PushResult> {
  return scope.atomically((manager) => writeBatch(manager, items, namespace, internalId));
}
