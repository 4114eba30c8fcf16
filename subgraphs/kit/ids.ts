/**
 * Identifiers as clients see them: opaque and not sequential. Rows keep integer identities in
 * their databases (and in the references between subgraphs); at the API each becomes the
 * AES encryption of (its type, its integer) under the hub's id key — 22 characters that say
 * nothing about how many records exist, which exist, or in what order they were made. The same
 * record always has the same id, so ids still work as keys, in caches and in the audit trail.
 *
 * Cursors are sealed the same way (AES-GCM), so a page boundary reveals no sort value either.
 *
 * The key is process-wide, set once when a subgraph starts serving: ids are decoded during
 * input validation, before any request context exists, and every subgraph of the hub must
 * agree on it (a Person id made by narcotics is read by cyber and juvenile). It must never
 * change once ids have been handed out: clients and audit records keep them.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  type Cipher,
  type Decipher,
} from 'node:crypto';

const BLOCK = 16;
const EXTERNAL_ID = /^[A-Za-z0-9_-]{22}$/;
const MAX_INTEGER_ID = 2_147_483_647;

interface Keys {
  readonly ids: Buffer;
  readonly cursors: Buffer;
  /**
   * One AES-128-ECB cipher each way, kept: ECB turns every 16-byte block on its own and, without
   * padding, `update` answers a whole block at once — so one object serves every id instead of a
   * new cipher per id (which showed in the subgraphs' profiles).
   */
  encrypt: Cipher;
  decrypt: Decipher;
}

let keys: Keys | undefined;

function idCipher(key: Buffer): Cipher {
  return createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
}

function idDecipher(key: Buffer): Decipher {
  return createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
}

function derive(master: Buffer, purpose: string, length: number): Buffer {
  return Buffer.from(
    hkdfSync('sha256', master, Buffer.alloc(0), `interagency-hub ${purpose}`, length),
  );
}

/** Sets the hub's id key (32+ bytes); called by the kit when a subgraph starts serving. */
export function configureIds(master: Buffer): void {
  if (master.length < 32) {
    throw new Error('the id key must be at least 32 bytes');
  }
  const ids = derive(master, 'ids', 16);
  keys = {
    ids,
    cursors: derive(master, 'cursors', 32),
    encrypt: idCipher(ids),
    decrypt: idDecipher(ids),
  };
}

function current(): Keys {
  if (!keys) {
    throw new Error('ids are not configured: the kit sets the id key when a subgraph serves');
  }
  return keys;
}

const tags = new Map<string, Buffer>();

/** First 4 bytes of SHA-256 of the type name: an id of one type is no id of another. */
function tag(type: string): Buffer {
  let value = tags.get(type);
  if (!value) {
    value = createHash('sha256').update(type).digest().subarray(0, 4);
    tags.set(type, value);
  }
  return value;
}

/** One 16-byte block through the kept cipher (a fresh one should it ever answer otherwise). */
function turn(block: Buffer, direction: 'encrypt' | 'decrypt'): Buffer {
  const k = current();
  const out = k[direction].update(block);
  if (out.length === BLOCK) {
    return out;
  }
  k.encrypt = idCipher(k.ids);
  k.decrypt = idDecipher(k.ids);
  return direction === 'encrypt' ? k.encrypt.update(block) : k.decrypt.update(block);
}

/** The id clients see for row `id` of GraphQL type `type`. */
export function externalId(type: string, id: number): string {
  const block = Buffer.alloc(BLOCK);
  tag(type).copy(block, 0);
  block.writeBigUInt64BE(BigInt(id), 4);
  return turn(block, 'encrypt').toString('base64url');
}

/**
 * The integer behind an id of `type`: a client's opaque id, or an integer the subgraph itself
 * holds (a row's own value). Undefined when it names no row of that type — answered as not
 * found, exactly like an id that was never made.
 */
export function internalId(type: string, id: string | number): number | undefined {
  if (typeof id === 'number') {
    return Number.isInteger(id) && id > 0 && id <= MAX_INTEGER_ID ? id : undefined;
  }
  if (!EXTERNAL_ID.test(id)) {
    return undefined;
  }
  const raw = Buffer.from(id, 'base64url');
  if (raw.length !== BLOCK) {
    return undefined;
  }
  const block = turn(raw, 'decrypt');
  if (!block.subarray(0, 4).equals(tag(type))) {
    return undefined;
  }
  if (block.readUInt32BE(12) !== 0 && block.readUInt32BE(4) !== 0) {
    return undefined;
  }
  const value = block.readBigUInt64BE(4);
  return value > 0n && value <= BigInt(MAX_INTEGER_ID) ? Number(value) : undefined;
}

/**
 * An integer the hub itself carried: a row's value, or a foreign key another subgraph passed in
 * a planner-only field (`@inaccessible`, never shown to clients). Never a client's id: those
 * are opaque and go through {@link internalId}.
 */
export function databaseId(value: unknown): number | undefined {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(number) && number > 0 && number <= MAX_INTEGER_ID ? number : undefined;
}

/** A cursor for `values` (sort keys and row ids), sealed so it can be neither read nor forged. */
export function sealCursor(values: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current().cursors, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The values of a cursor {@link sealCursor} made; undefined for anything else. */
export function openCursor(cursor: string): unknown {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length < 29) {
      return undefined;
    }
    const decipher = createDecipheriv('aes-256-gcm', current().cursors, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
