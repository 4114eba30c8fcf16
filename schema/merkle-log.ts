/**
 * The audit log's Merkle tree, RFC 6962 / RFC 9162 §2.1: leaf hash SHA-256(0x00 || leaf), node
 * hash SHA-256(0x01 || left || right), the tree of n leaves split at the largest power of two
 * below n. Hand-written (about 200 lines) because no maintained npm package implements the RFC's
 * proofs without bringing a storage engine with it; test/merkle-log.test.ts checks every size
 * 1..300 against a separate recursive implementation of the RFC's definitions.
 *
 * Stored nodes are *perfect* subtrees: node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level). Every hash a proof needs is a fold of such nodes, so a
 * proof is computed from O(log² n) stored nodes, fetched in one query ({@link proofNodes}).
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

/** A perfect subtree: its level (log2 of its size) and its index at that level. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function leafHash(leaf: Buffer): Hash {
  return createHash('sha256').update(LEAF).update(leaf).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

/** The perfect subtrees whose fold is the hash of leaves [start, end), largest first. */
export function perfectPieces(start: number, end: number): NodeId[] {
  const pieces: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) {
      level += 1;
    }
    pieces.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return pieces;
}

/** Folds perfect subtree hashes (largest first) into the hash of the range they cover. */
export function foldPieces(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) {
    return EMPTY_ROOT;
  }
  let hash = hashes[hashes.length - 1] as Hash;
  for (let i = hashes.length - 2; i >= 0; i -= 1) {
    hash = nodeHash(hashes[i] as Hash, hash);
  }
  return hash;
}

type Range = readonly [start: number, end: number];

/** RFC 6962 §2.1.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const ranges: Range[] = [];
  let [start, end, m] = [0, size, index];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the ranges whose hashes form the consistency proof. */
export function consistencyRanges(from: number, to: number): Range[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) {
    throw new RangeError(`no consistency proof from size ${from} to size ${to}`);
  }
  const ranges: Range[] = [];
  let [start, end, m, whole] = [0, to, from, true];
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) {
    ranges.push([start, end]);
  }
  return ranges.reverse();
}

/** Every stored node the ranges need. */
export function proofNodes(ranges: readonly Range[]): NodeId[] {
  return ranges.flatMap(([start, end]) => perfectPieces(start, end));
}

export const nodeKey = (node: NodeId) => `${node.level}/${node.index}`;

/** The proof's hashes from stored nodes (a map by {@link nodeKey}). */
export function proofHashes(ranges: readonly Range[], nodes: ReadonlyMap<string, Hash>): Hash[] {
  return ranges.map(([start, end]) =>
    foldPieces(
      perfectPieces(start, end).map((node) => {
        const hash = nodes.get(nodeKey(node));
        if (!hash) {
          throw new Error(`tree node ${nodeKey(node)} is missing`);
        }
        return hash;
      }),
    ),
  );
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to (compare it with a signed root). */
export function rootFromInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
): Hash | undefined {
  if (index < 0 || index >= size) {
    return undefined;
  }
  let [fn, sn, r] = [index, size - 1, leaf];
  for (const p of proof) {
    if (sn === 0) {
      return undefined;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  return rootFromInclusion(index, size, leaf, proof)?.equals(root) ?? false;
}

/** RFC 9162 §2.1.4.2: whether the tree of `to` leaves extends the tree of `from` leaves. */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Hash,
  toRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (from < 1 || from > to) {
    return false;
  }
  if (from === to) {
    return proof.length === 0 && fromRoot.equals(toRoot);
  }
  const path = [...proof];
  if ((from & (from - 1)) === 0) {
    path.unshift(fromRoot);
  }
  let [fn, sn] = [from - 1, to - 1];
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const first = path.shift();
  if (!first) {
    return false;
  }
  let [fr, sr] = [first, first];
  for (const c of path) {
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The right edge of a tree (its perfect subtrees, largest first): enough to append leaves and
 * compute the root in O(log n) memory. `append` reports every perfect node it completes, for
 * storing.
 */
export class Frontier {
  private constructor(
    private size: number,
    private readonly hashes: Hash[],
  ) {}

  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** A tree's edge from its pieces' hashes (as {@link perfectPieces}(0, size) lists them). */
  static of(size: number, hashes: readonly Hash[]): Frontier {
    if (perfectPieces(0, size).length !== hashes.length) {
      throw new RangeError(`a tree of ${size} has ${perfectPieces(0, size).length} edge nodes`);
    }
    return new Frontier(size, [...hashes]);
  }

  get length(): number {
    return this.size;
  }

  get edge(): readonly Hash[] {
    return this.hashes;
  }

  append(leaf: Hash, completed?: (node: NodeId, hash: Hash) => void): void {
    let hash = leaf;
    let index = this.size;
    let level = 0;
    completed?.({ level, index }, hash);
    // Merge while the new node completes a pair: the trailing one-bits of the old size.
    while (index % 2 === 1) {
      hash = nodeHash(this.hashes.pop() as Hash, hash);
      index = (index - 1) / 2;
      level += 1;
      completed?.({ level, index }, hash);
    }
    this.hashes.push(hash);
    this.size += 1;
  }

  root(): Hash {
    return foldPieces(this.hashes);
  }
}
