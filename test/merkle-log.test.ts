/*
 * The audit log's Merkle tree (schema/merkle-log.ts) against an independent reference: the
 * recursive definitions of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF) written out below over
 * plain leaf lists, for every size 1..300 and random pairs up to 5,000, plus the RFC 6962 test
 * vectors of Certificate Transparency (certificate-transparency-go / Trillian testonly).
 */
import { createHash } from 'node:crypto';

import {
  consistencyRanges,
  foldPieces,
  Frontier,
  inclusionRanges,
  nodeKey,
  perfectPieces,
  proofHashes,
  proofNodes,
  rootFromInclusion,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../schema/merkle-log.js';

// ---- Reference: RFC 6962 §2.1, literally, over D[lo:hi] of one leaf list (MTH memoized, since
// the definitions recompute the same subtrees many times over).
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
interface D {
  readonly leaves: readonly Buffer[];
  readonly lo: number;
  readonly hi: number;
}
const memo = new WeakMap<readonly Buffer[], Map<string, Buffer>>();
const slice = (d: D, a: number, b: number): D => ({ leaves: d.leaves, lo: d.lo + a, hi: d.lo + b });
const len = (d: D) => d.hi - d.lo;
function mth(d: D): Buffer {
  const cache = memo.get(d.leaves) ?? new Map<string, Buffer>();
  memo.set(d.leaves, cache);
  const key = `${d.lo}:${d.hi}`;
  const hit = cache.get(key);
  if (hit) {
    return hit;
  }
  let hash: Buffer;
  if (len(d) === 0) {
    hash = sha();
  } else if (len(d) === 1) {
    hash = sha(Buffer.from([0]), d.leaves[d.lo] as Buffer);
  } else {
    const split = k(len(d));
    hash = sha(Buffer.from([1]), mth(slice(d, 0, split)), mth(slice(d, split, len(d))));
  }
  cache.set(key, hash);
  return hash;
}
function path(m: number, d: D): Buffer[] {
  if (len(d) <= 1) {
    return [];
  }
  const split = k(len(d));
  return m < split
    ? [...path(m, slice(d, 0, split)), mth(slice(d, split, len(d)))]
    : [...path(m - split, slice(d, split, len(d))), mth(slice(d, 0, split))];
}
function subproof(m: number, d: D, b: boolean): Buffer[] {
  const n = len(d);
  if (m === n) {
    return b ? [] : [mth(d)];
  }
  const split = k(n);
  return m <= split
    ? [...subproof(m, slice(d, 0, split), b), mth(slice(d, split, n))]
    : [...subproof(m - split, slice(d, split, n), false), mth(slice(d, 0, split))];
}
const proof = (m: number, d: D) => subproof(m, d, true);
const first = (leaves: readonly Buffer[], n: number): D => ({ leaves, lo: 0, hi: n });

// ---- The implementation, fed from a store of every perfect node (as the database holds them).
function buildStore(leaves: readonly Buffer[]) {
  const frontier = Frontier.empty();
  const nodes = new Map<string, Hash>();
  const roots: Hash[] = [];
  for (const leaf of leaves) {
    frontier.append(sha(Buffer.from([0]), leaf), (node, hash) => nodes.set(nodeKey(node), hash));
    roots.push(frontier.root());
  }
  return { nodes, roots, frontier };
}

const leavesOf = (n: number) =>
  Array.from({ length: n }, (_, i) => Buffer.from(`record ${i} ${'x'.repeat(i % 7)}`));

const hex = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString('hex'));

describe('Merkle log against the RFC 6962 definitions', () => {
  const leaves = leavesOf(300);
  const { nodes, roots } = buildStore(leaves);

  it('roots, inclusion proofs and consistency proofs for every size 1..300', () => {
    for (let n = 1; n <= 300; n += 1) {
      const d = first(leaves, n);
      const root = mth(d);
      expect(roots[n - 1]?.toString('hex')).toBe(root.toString('hex'));
      expect(foldPieces(perfectPieces(0, n).map((p) => nodes.get(nodeKey(p)) as Hash))).toEqual(
        root,
      );
      for (let m = 0; m < n; m += 1) {
        const ranges = inclusionRanges(m, n);
        const got = proofHashes(ranges, nodes);
        expect(hex(got)).toEqual(hex(path(m, d)));
        expect(verifyInclusion(m, n, sha(Buffer.from([0]), leaves[m] as Buffer), got, root)).toBe(
          true,
        );
      }
      for (let m = 1; m <= n; m += 1) {
        const got = m === n ? [] : proofHashes(consistencyRanges(m, n), nodes);
        expect(hex(got)).toEqual(hex(m === n ? [] : proof(m, d)));
        expect(verifyConsistency(m, n, mth(first(leaves, m)), root, got)).toBe(true);
      }
    }
  }, 300_000);

  it('random pairs in a tree of 5,000', () => {
    const big = leavesOf(5000);
    const store = buildStore(big);
    let seed = 42;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let i = 0; i < 60; i += 1) {
      const n = 1 + next(5000);
      const m = 1 + next(n);
      const d = first(big, n);
      const root = store.roots[n - 1] as Hash;
      expect(root).toEqual(mth(d));
      const leaf = next(n);
      const inclusion = proofHashes(inclusionRanges(leaf, n), store.nodes);
      expect(hex(inclusion)).toEqual(hex(path(leaf, d)));
      expect(inclusion.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
      if (m < n) {
        const consistency = proofHashes(consistencyRanges(m, n), store.nodes);
        expect(hex(consistency)).toEqual(hex(proof(m, d)));
        expect(verifyConsistency(m, n, store.roots[m - 1] as Hash, root, consistency)).toBe(true);
      }
    }
  });

  it('refuses wrong proofs: another leaf, another index, another size, a flipped bit', () => {
    const n = 77;
    const root = mth(first(leaves, n));
    const leafHash = sha(Buffer.from([0]), leaves[40] as Buffer);
    const good = proofHashes(inclusionRanges(40, n), nodes);
    expect(verifyInclusion(40, n, leafHash, good, root)).toBe(true);
    expect(verifyInclusion(41, n, leafHash, good, root)).toBe(false);
    // The size is bound through the root; a size that changes the path's shape fails.
    expect(verifyInclusion(40, 63, leafHash, good, root)).toBe(false);
    expect(verifyInclusion(40, n, sha(Buffer.from([0]), leaves[41] as Buffer), good, root)).toBe(
      false,
    );
    const flipped = good.map((h) => Buffer.from(h));
    (flipped[2] as Buffer)[0] ^= 1;
    expect(verifyInclusion(40, n, leafHash, flipped, root)).toBe(false);
    expect(verifyInclusion(40, n, leafHash, good.slice(1), root)).toBe(false);
    expect(rootFromInclusion(n, n, leafHash, good)).toBeUndefined();

    const c = proofHashes(consistencyRanges(30, n), nodes);
    expect(verifyConsistency(30, n, mth(first(leaves, 30)), root, c)).toBe(true);
    expect(verifyConsistency(30, n, mth(first(leaves, 29)), root, c)).toBe(false);
    expect(verifyConsistency(30, n, mth(first(leaves, 30)), mth(first(leaves, 76)), c)).toBe(false);
    expect(verifyConsistency(31, n, mth(first(leaves, 30)), root, c)).toBe(false);
    expect(verifyConsistency(30, n, mth(first(leaves, 30)), root, [...c, c[0] as Buffer])).toBe(
      false,
    );
    // A forked history: same size, one leaf changed.
    const forked = [...leaves];
    forked[10] = Buffer.from('forged');
    expect(verifyConsistency(30, n, mth(first(forked, 30)), root, c)).toBe(false);
  });

  it('asks a store for O(log² n) nodes per proof', () => {
    expect(proofNodes(inclusionRanges(123_456, 1_000_000)).length).toBeLessThan(60);
    expect(inclusionRanges(123_456, 1_000_000)).toHaveLength(20);
    expect(() => inclusionRanges(5, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(0, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(6, 5)).toThrow(RangeError);
  });
});

describe('Certificate Transparency test vectors (RFC 6962)', () => {
  const leaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((h) => Buffer.from(h, 'hex'));
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const { nodes, roots: got } = buildStore(leaves);

  it('roots of sizes 1..8 and of the empty tree', () => {
    expect(hex(got)).toEqual(roots);
    expect(Frontier.empty().root().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('inclusion proofs', () => {
    expect(hex(proofHashes(inclusionRanges(0, 8), nodes))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(proofHashes(inclusionRanges(5, 8), nodes))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('consistency proofs', () => {
    expect(hex(proofHashes(consistencyRanges(1, 8), nodes))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(proofHashes(consistencyRanges(6, 8), nodes))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hex(proofHashes(consistencyRanges(2, 5), nodes))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });
});
