/**
 * One push from end to end: check every item, settle repeats within the batch, write the rest
 * kind by kind inside one savepoint (all of it or none of it), and account for every item.
 */
import type { EntityManager } from 'typeorm';

import type { RequestScope } from '../../kit/index.js';
import type { PushResult } from '../entities/results.type.js';
import {
  checkRoomIntelItem,
  type IntelKind,
  type RoomIntelItem,
} from '../inputs/room-intel-item.schema.js';

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

type ByKind = { [K in IntelKind]: Indexed<Extract<RoomIntelItem, { kind: K }>>[] };

function emptyByKind(): ByKind {
  return { ROOM: [], HANDLE: [], INTRODUCTION: [], OBSERVATION: [], CASE_LINK: [] };
}

/** Valid items by kind, first occurrence of each key only; repeats point at their first. */
function sortItems(items: readonly unknown[], outcomes: Map<number, Outcome>) {
  const byKind = emptyByKind();
  const firstOf = new Map<string, number>();
  const repeats = new Map<number, number>();
  items.forEach((raw, index) => {
    const checked = checkRoomIntelItem(raw);
    if (!checked.ok) {
      outcomes.set(index, { status: 'REJECTED', code: 'BAD_USER_INPUT', message: checked.message });
      return;
    }
    const { item } = checked;
    const key = `${item.kind}\u0000${item.source}\u0000${item.externalId}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      repeats.set(index, first);
      return;
    }
    firstOf.set(key, index);
    (byKind[item.kind] as Indexed<RoomIntelItem>[]).push({ ...item, index });
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
          : { index, code: 'BAD_USER_INPUT', message: 'not processed' },
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
): Promise<PushResult> {
  const outcomes = new Map<number, Outcome>();
  const { byKind, repeats } = sortItems(items, outcomes);
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
  return scope.atomically((manager) => writeBatch(manager, items, namespace));
}
