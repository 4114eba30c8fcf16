#!/usr/bin/env node
// Prints .env.example with every "generate:" value filled in with a fresh secret:
//   node scripts/generate-env.mjs > .env
// password → 32 random characters; key → 32 random bytes (hex); ed25519-private/-public → one
// key pair as JWK JSON (single-quoted: the file stays one variable a line); checkpoint-key → an
// Ed25519 signed-note signer key for the audit log (as `hub audit key` makes).
import { Buffer } from 'node:buffer';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const example = readFileSync(path.join(import.meta.dirname, '..', '.env.example'), 'utf8');
const pair = generateKeyPairSync('ed25519');
const kid = `hub-context-${randomBytes(6).toString('hex')}`;
const jwk = (key) => `'${JSON.stringify({ ...key.export({ format: 'jwk' }), alg: 'EdDSA', kid })}'`;
function checkpointKey(name) {
  const seed = randomBytes(32);
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const raw = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
    .export({ format: 'der', type: 'spki' })
    .subarray(12);
  const hash = createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([1]))
    .update(raw);
  const id = hash.digest().subarray(0, 4).toString('hex');
  return `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([1]), seed]).toString('base64')}`;
}
const generators = {
  'checkpoint-key': () => checkpointKey('interagency-hub/audit'),
  password: () => randomBytes(24).toString('base64url'),
  key: () => randomBytes(32).toString('hex'),
  'ed25519-private': () => jwk(pair.privateKey),
  'ed25519-public': () => jwk(pair.publicKey),
};

let pending;
const lines = example.split('\n').map((line) => {
  const marked = /generate: ([a-z0-9-]+)/.exec(line);
  if (line.startsWith('#')) {
    pending = marked?.[1] ?? pending;
    return line;
  }
  const variable = /^([A-Z0-9_]+)=$/.exec(line);
  if (variable && pending) {
    const generate = generators[pending];
    if (!generate) {
      throw new Error(`unknown generator ${pending} for ${variable[1]}`);
    }
    pending = undefined;
    return `${line}${generate()}`;
  }
  pending = undefined;
  return line;
});
process.stdout.write(lines.join('\n'));
