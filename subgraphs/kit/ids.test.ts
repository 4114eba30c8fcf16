/*
 * Opaque ids: the kept cipher makes exactly the ids a fresh cipher per id made (ids already
 * handed out, and kept in audit records, must not change), and reads them back.
 */
import { createCipheriv, createHash, hkdfSync } from 'node:crypto';

import { configureIds, externalId, internalId } from './ids.js';

const MASTER = Buffer.alloc(32, 9);

/** The id as the first version made it: a new AES-128-ECB cipher for every id. */
function referenceId(type: string, id: number): string {
  const key = Buffer.from(hkdfSync('sha256', MASTER, Buffer.alloc(0), 'interagency-hub ids', 16));
  const block = Buffer.alloc(16);
  createHash('sha256').update(type).digest().subarray(0, 4).copy(block, 0);
  block.writeBigUInt64BE(BigInt(id), 4);
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
}

beforeAll(() => configureIds(MASTER));

it('makes the same ids as a cipher per id, and reads them back', () => {
  for (const [type, id] of [
    ['Person', 1],
    ['Case', 2400],
    ['ChatRoom', 77],
    ['Person', 2_147_483_647],
  ] as const) {
    const shown = externalId(type, id);
    expect(shown).toBe(referenceId(type, id));
    expect(internalId(type, shown)).toBe(id);
  }
});

it('reads no id of another type, and nothing malformed, without spoiling later ids', () => {
  const person = externalId('Person', 42);
  expect(internalId('Case', person)).toBeUndefined();
  expect(internalId('Person', 'short')).toBeUndefined();
  expect(internalId('Person', `${person.slice(0, 21)}!`)).toBeUndefined();
  expect(internalId('Person', person)).toBe(42);
  expect(externalId('Case', 7)).toBe(referenceId('Case', 7));
});
