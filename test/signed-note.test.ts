/*
 * Checkpoints as C2SP signed notes (schema/signed-note.ts): the Go sumdb/note reference vector
 * (golang.org/x/mod/sumdb/note: Ed25519 is deterministic, so signing must reproduce it byte for
 * byte), the checkpoint body, witness cosignatures (cosignature/v1), and refusals.
 */
import {
  checkpointBody,
  COSIGNATURE_V1,
  generateSignerKey,
  NoteError,
  openCheckpoint,
  parseCheckpointBody,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signatureLine,
  signedBy,
  signNote,
} from '../schema/signed-note.js';

const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes', () => {
  it('reproduces and verifies the Go sumdb/note vector', () => {
    const signer = parseSignerKey(GO_SIGNER);
    expect(signer.text).toBe(GO_VERIFIER);
    expect(signNote(signer, GO_TEXT)).toBe(GO_NOTE);
    const verifier = parseVerifierKey(GO_VERIFIER);
    expect(signedBy(verifier, parseNote(GO_NOTE))).toHaveLength(1);
    const tampered = parseNote(GO_NOTE.replace('cryptography', 'cryptographY'));
    expect(signedBy(verifier, tampered)).toHaveLength(0);
  });

  it('refuses malformed keys and notes with stable codes', () => {
    expect(() =>
      parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    ).toThrow(expect.objectContaining({ code: 'NOTE_BAD_KEY' }));
    expect(() => parseVerifierKey('nonsense')).toThrow(NoteError);
    expect(() => parseSignerKey(GO_VERIFIER)).toThrow(
      expect.objectContaining({ code: 'NOTE_BAD_KEY' }),
    );
    expect(() => parseNote('no blank line\n')).toThrow(
      expect.objectContaining({ code: 'NOTE_MALFORMED' }),
    );
    expect(() => parseNote(`${GO_TEXT}\n\n`)).toThrow(NoteError);
    expect(() => parseNote(`${GO_TEXT}\nnot a signature\n`)).toThrow(
      expect.objectContaining({ code: 'NOTE_MALFORMED' }),
    );
  });
});

describe('checkpoints', () => {
  const log = parseSignerKey(generateSignerKey('hub.test/audit'));
  const logVerifier = parseVerifierKey(log.text);
  const root = Buffer.alloc(32, 9);
  const body = checkpointBody({
    origin: log.name,
    size: 1234,
    root,
    extensions: ['time 1700000000'],
  });
  const note = signNote(log, body);

  it('has the C2SP checkpoint shape and opens with the log key', () => {
    expect(body).toBe(`hub.test/audit\n1234\n${root.toString('base64')}\ntime 1700000000\n`);
    expect(note.startsWith(`${body}\n— hub.test/audit `)).toBe(true);
    const { checkpoint } = openCheckpoint(note, logVerifier);
    expect(checkpoint).toEqual({
      origin: log.name,
      size: 1234,
      root,
      extensions: ['time 1700000000'],
    });
  });

  it('refuses a tampered checkpoint, another log’s key, another origin', () => {
    const tampered = note.replace('\n1234\n', '\n1233\n');
    expect(() => openCheckpoint(tampered, logVerifier)).toThrow(
      expect.objectContaining({ code: 'NOTE_BAD_SIGNATURE' }),
    );
    const other = parseSignerKey(generateSignerKey('hub.test/audit'));
    expect(() => openCheckpoint(signNote(other, body), logVerifier)).toThrow(
      expect.objectContaining({ code: 'NOTE_BAD_SIGNATURE' }),
    );
    const elsewhere = parseSignerKey(generateSignerKey('elsewhere/log'));
    const foreign = signNote(elsewhere, body);
    expect(() => openCheckpoint(foreign, parseVerifierKey(elsewhere.text))).toThrow(/not of/);
    expect(() => parseCheckpointBody('origin\n12\nnot-base64!\n')).toThrow(
      expect.objectContaining({ code: 'NOTE_MALFORMED' }),
    );
    expect(() => parseCheckpointBody('origin\n012\n' + root.toString('base64') + '\n')).toThrow(
      NoteError,
    );
  });

  it('carries witness cosignatures (cosignature/v1, timestamped) beside the log signature', () => {
    const witness = parseSignerKey(generateSignerKey('witness.other-agency', COSIGNATURE_V1));
    expect(witness.text).toMatch(/^witness\.other-agency\+[0-9a-f]{8}\+B/);
    const cosigned = `${note}${signatureLine(witness, body, new Date(1_700_000_123_000))}\n`;
    const parsed = parseNote(cosigned);
    const witnessVerifier = parseVerifierKey(witness.text);
    const [line] = signedBy(witnessVerifier, parsed);
    expect(line?.signature.readBigUInt64BE(0)).toBe(1_700_000_123n);
    expect(signedBy(logVerifier, parsed)).toHaveLength(1);
    // A cosignature does not transfer to another checkpoint.
    const other = parseNote(`${body.replace('1234', '1235')}\n${line?.line ?? ''}\n`);
    expect(signedBy(witnessVerifier, other)).toHaveLength(0);
  });
});
