/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint,
 * c2sp.org/tlog-cosignature), the format Go's sumdb, Sigstore and the witness network use:
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[extension lines]\n\n— <key name> <base64 sig>\n
 *
 * The log signs with an Ed25519 note signature (type 0x01: 4-byte key hash ‖ 64-byte
 * signature over the note's body). Witnesses co-sign with timestamped cosignatures (type 0x04,
 * `cosignature/v1`: 4-byte key hash ‖ 8-byte big-endian seconds ‖ signature over
 * "cosignature/v1\ntime <t>\n" + body). Keys are written as the Go `note` package writes them:
 * verifier `name+hash+base64(type ‖ public key)`, signer `PRIVATE+KEY+name+hash+base64(type ‖ seed)`.
 * Hand-written with node:crypto (no maintained npm package implements these formats).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

export class NoteError extends Error {
  constructor(
    readonly code: 'NOTE_MALFORMED' | 'NOTE_BAD_SIGNATURE' | 'NOTE_UNSIGNED' | 'NOTE_BAD_KEY',
    message: string,
  ) {
    super(message);
  }
}

export interface NoteVerifier {
  readonly name: string;
  /** The 4-byte key hash (as a number) signature lines are matched by. */
  readonly hash: number;
  readonly type: number;
  readonly publicKey: KeyObject;
  /** The verifier key as text (`name+hash+base64`). */
  readonly text: string;
}

export interface NoteSigner extends NoteVerifier {
  readonly privateKey: KeyObject;
}

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const NAME = /^[^\s+]+$/;

function keyHash(name: string, type: number, publicKey: Buffer): number {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([type]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function verifierOf(name: string, type: number, publicKey: KeyObject): NoteVerifier {
  const raw = rawPublic(publicKey);
  const hash = keyHash(name, type, raw);
  const text = `${name}+${hash.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([type]), raw]).toString('base64')}`;
  return { name, hash, type, publicKey, text };
}

/** A new signing key (Ed25519 for a log, cosignature/v1 for a witness), as text. */
export function generateSignerKey(name: string, type = ED25519): string {
  if (!NAME.test(name)) {
    throw new NoteError('NOTE_BAD_KEY', `a key name has no spaces or "+": ${JSON.stringify(name)}`);
  }
  const seed = randomBytes(32);
  const publicKey = createPublicKey(
    createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
  );
  const { hash } = verifierOf(name, type, publicKey);
  return `PRIVATE+KEY+${name}+${hash.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([type]), seed]).toString('base64')}`;
}

/** Splits off the first `parts - 1` fields at '+' (the base64 key may hold '+' itself). */
function splitKey(text: string, parts: number): string[] {
  const fields: string[] = [];
  let rest = text.trim();
  for (let i = 1; i < parts; i += 1) {
    const at = rest.indexOf('+');
    if (at < 0) {
      throw new NoteError('NOTE_BAD_KEY', 'not a note key (name+hash+base64)');
    }
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [...fields, rest];
}

function keyBytes(name: string, hashHex: string, base64: string) {
  const bytes = Buffer.from(base64, 'base64');
  const type = bytes[0] ?? -1;
  if (
    !NAME.test(name) ||
    !/^[0-9a-f]{8}$/.test(hashHex) ||
    bytes.length !== 33 ||
    bytes.toString('base64') !== base64
  ) {
    throw new NoteError('NOTE_BAD_KEY', 'not an Ed25519 note key');
  }
  if (type !== ED25519 && type !== COSIGNATURE_V1) {
    throw new NoteError('NOTE_BAD_KEY', `key type ${type} is not supported (0x01 or 0x04)`);
  }
  return { type, key: bytes.subarray(1) };
}

export function parseSignerKey(text: string): NoteSigner {
  const [p, k, name = '', hashHex = '', base64 = ''] = splitKey(text, 5);
  if (p !== 'PRIVATE' || k !== 'KEY') {
    throw new NoteError('NOTE_BAD_KEY', 'a signer key starts with PRIVATE+KEY+');
  }
  const { type, key } = keyBytes(name, hashHex, base64);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, key]),
    format: 'der',
    type: 'pkcs8',
  });
  const verifier = verifierOf(name, type, createPublicKey(privateKey));
  if (verifier.hash !== Number.parseInt(hashHex, 16)) {
    throw new NoteError('NOTE_BAD_KEY', 'the signer key’s hash does not match its key');
  }
  return { ...verifier, privateKey };
}

export function parseVerifierKey(text: string): NoteVerifier {
  const [name = '', hashHex = '', base64 = ''] = splitKey(text, 3);
  const { type, key } = keyBytes(name, hashHex, base64);
  const verifier = verifierOf(
    name,
    type,
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key]), format: 'der', type: 'spki' }),
  );
  if (verifier.hash !== Number.parseInt(hashHex, 16)) {
    throw new NoteError('NOTE_BAD_KEY', 'the verifier key’s hash does not match its key');
  }
  return verifier;
}

export interface SignatureLine {
  readonly name: string;
  readonly hash: number;
  /** The signature's bytes after the key hash. */
  readonly signature: Buffer;
  readonly line: string;
}

export interface Note {
  /** The signed text, ending in a newline. */
  readonly body: string;
  readonly signatures: readonly SignatureLine[];
}

const SIG_LINE = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/;

export function parseNote(text: string): Note {
  const split = text.indexOf('\n\n');
  if (split < 0 || !text.endsWith('\n') || text.length > 64 * 1024) {
    throw new NoteError('NOTE_MALFORMED', 'a note is a body, a blank line and signature lines');
  }
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    const match = SIG_LINE.exec(line);
    const bytes = Buffer.from(match?.[2] ?? '', 'base64');
    if (!match || bytes.length < 5) {
      throw new NoteError('NOTE_MALFORMED', `not a signature line: ${JSON.stringify(line)}`);
    }
    return {
      name: match[1] ?? '',
      hash: bytes.readUInt32BE(0),
      signature: bytes.subarray(4),
      line,
    };
  });
  if (signatures.length === 0) {
    throw new NoteError('NOTE_UNSIGNED', 'a note has at least one signature');
  }
  return { body, signatures };
}

const cosignedMessage = (time: bigint, body: string) =>
  Buffer.from(`cosignature/v1\ntime ${time}\n${body}`);

/** A signature line by this signer over the body (a cosignature when the key is type 0x04). */
export function signatureLine(signer: NoteSigner, body: string, now = new Date()): string {
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(signer.hash);
  let bytes: Buffer;
  if (signer.type === COSIGNATURE_V1) {
    const time = BigInt(Math.floor(now.getTime() / 1000));
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(time);
    bytes = Buffer.concat([
      hash,
      stamp,
      sign(null, cosignedMessage(time, body), signer.privateKey),
    ]);
  } else {
    bytes = Buffer.concat([hash, sign(null, Buffer.from(body), signer.privateKey)]);
  }
  return `— ${signer.name} ${bytes.toString('base64')}`;
}

export function signNote(signer: NoteSigner, body: string): string {
  return `${body}\n${signatureLine(signer, body)}\n`;
}

/** Whether this line is a valid signature of the body by this verifier. */
export function signatureValid(verifier: NoteVerifier, body: string, line: SignatureLine): boolean {
  if (line.name !== verifier.name || line.hash !== verifier.hash) {
    return false;
  }
  if (verifier.type === COSIGNATURE_V1) {
    if (line.signature.length !== 72) {
      return false;
    }
    const time = line.signature.readBigUInt64BE(0);
    return verify(
      null,
      cosignedMessage(time, body),
      verifier.publicKey,
      line.signature.subarray(8),
    );
  }
  return (
    line.signature.length === 64 &&
    verify(null, Buffer.from(body), verifier.publicKey, line.signature)
  );
}

/** The note's lines signed by this verifier (valid ones only). */
export function signedBy(verifier: NoteVerifier, note: Note): SignatureLine[] {
  return note.signatures.filter((line) => signatureValid(verifier, note.body, line));
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  /** Extension lines (this log writes `time <unix seconds>`). */
  readonly extensions: readonly string[];
}

export function checkpointBody(checkpoint: Checkpoint): string {
  return [
    checkpoint.origin,
    String(checkpoint.size),
    checkpoint.root.toString('base64'),
    ...checkpoint.extensions,
    '',
  ].join('\n');
}

export function parseCheckpointBody(body: string): Checkpoint {
  const [origin = '', size = '', root = '', ...rest] = body.split('\n');
  const extensions = rest.slice(0, -1);
  const rootBytes = Buffer.from(root, 'base64');
  if (
    origin === '' ||
    !/^(0|[1-9][0-9]{0,15})$/.test(size) ||
    !Number.isSafeInteger(Number(size)) ||
    rootBytes.length !== 32 ||
    rootBytes.toString('base64') !== root ||
    extensions.some((line) => line === '')
  ) {
    throw new NoteError('NOTE_MALFORMED', 'not a checkpoint (origin, size, base64 root hash)');
  }
  return { origin, size: Number(size), root: rootBytes, extensions };
}

/**
 * A checkpoint signed by the log's key: parsed, its log signature checked, and its origin the
 * key's name. Throws {@link NoteError} otherwise.
 */
export function openCheckpoint(
  text: string,
  log: NoteVerifier,
): { checkpoint: Checkpoint; note: Note } {
  const note = parseNote(text);
  const checkpoint = parseCheckpointBody(note.body);
  if (checkpoint.origin !== log.name) {
    throw new NoteError(
      'NOTE_BAD_SIGNATURE',
      `checkpoint of "${checkpoint.origin}", not of "${log.name}"`,
    );
  }
  if (signedBy(log, note).length === 0) {
    throw new NoteError('NOTE_BAD_SIGNATURE', 'the checkpoint is not signed by the log’s key');
  }
  return { checkpoint, note };
}
