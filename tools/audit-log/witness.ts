/**
 * `hub audit witness`: another agency's check on the hub's audit log, on its own machine with its
 * own key and its own state directory. Each round fetches the gateway's latest checkpoint, checks
 * the log's signature, checks a consistency proof from the last checkpoint this witness
 * co-signed, co-signs (cosignature/v1), keeps its own copy and sends the co-signature back.
 * A checkpoint that is smaller than, or not an extension of, the one it co-signed is refused:
 * nothing is signed, the copy is kept as it was, and the round reports an alert.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { verifyConsistency } from '../../schema/merkle-log.js';
import {
  openCheckpoint,
  signatureLine,
  type Checkpoint,
  type NoteSigner,
  type NoteVerifier,
} from '../../schema/signed-note.js';

export interface WitnessOptions {
  /** The gateway's base URL (`http://host:port`). */
  readonly gatewayUrl: string;
  readonly log: NoteVerifier;
  readonly signer: NoteSigner;
  readonly stateDir: string;
}

export type WitnessOutcome =
  | { readonly kind: 'cosigned'; readonly size: number; readonly message: string }
  | { readonly kind: 'unchanged'; readonly size: number; readonly message: string }
  | { readonly kind: 'alert'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string };

/** The file holding the last checkpoint this witness co-signed (its own copy). */
export const WITNESS_COPY = 'checkpoint';

async function fetchText(url: URL): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}

async function ownCopy(dir: string, log: NoteVerifier): Promise<Checkpoint | undefined> {
  try {
    return openCheckpoint(await readFile(path.join(dir, WITNESS_COPY), 'utf8'), log).checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

export async function witnessOnce(options: WitnessOptions): Promise<WitnessOutcome> {
  const base = options.gatewayUrl.replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  let served;
  try {
    served = await fetchText(new URL(`${base}/audit/checkpoint`));
  } catch (error) {
    return { kind: 'unavailable', message: `cannot reach ${base}: ${(error as Error).message}` };
  }
  if (served.status !== 200) {
    return { kind: 'unavailable', message: `${base}/audit/checkpoint answered ${served.status}` };
  }
  let opened;
  try {
    opened = openCheckpoint(served.text, options.log);
  } catch (error) {
    return {
      kind: 'alert',
      message: `the gateway serves a checkpoint not signed by the log's key: ${(error as Error).message}`,
    };
  }
  const next = opened.checkpoint;
  const last = await ownCopy(options.stateDir, options.log);
  if (last) {
    if (next.size < last.size) {
      return {
        kind: 'alert',
        message: `the log shows an older, shorter history: checkpoint ${next.size}, but this witness co-signed ${last.size}`,
      };
    }
    if (next.size === last.size) {
      return next.root.equals(last.root)
        ? {
            kind: 'unchanged',
            size: next.size,
            message: `checkpoint ${next.size} already co-signed`,
          }
        : {
            kind: 'alert',
            message: `the log shows a forked history: two different roots for size ${next.size}`,
          };
    }
    const proofUrl = new URL(`${base}/audit/consistency?from=${last.size}&to=${next.size}`);
    let proofText;
    try {
      proofText = await fetchText(proofUrl);
    } catch (error) {
      return {
        kind: 'unavailable',
        message: `cannot fetch a consistency proof: ${(error as Error).message}`,
      };
    }
    const proof = proofText.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => Buffer.from(line, 'base64'));
    if (
      proofText.status !== 200 ||
      !verifyConsistency(last.size, next.size, last.root, next.root, proof)
    ) {
      return {
        kind: 'alert',
        message: `checkpoint ${next.size} is not consistent with checkpoint ${last.size} this witness co-signed: the history was rewritten or forked`,
      };
    }
  }
  const line = signatureLine(options.signer, opened.note.body);
  const cosigned = `${opened.note.body}\n${opened.note.signatures.map((s) => `${s.line}\n`).join('')}${line}\n`;
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.stateDir, WITNESS_COPY);
  await writeFile(`${file}.tmp`, cosigned, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  await appendFile(
    path.join(options.stateDir, 'history'),
    `${next.size} ${next.root.toString('base64')}\n`,
  );
  let sent = 'sent';
  try {
    const response = await fetch(`${base}/audit/checkpoint/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: `${opened.note.body}\n${line}\n` }),
      signal: AbortSignal.timeout(10_000),
    });
    sent = response.ok ? 'stored by the hub' : `refused by the hub (${response.status})`;
  } catch (error) {
    sent = `not delivered (${(error as Error).message})`;
  }
  return {
    kind: 'cosigned',
    size: next.size,
    message: `co-signed checkpoint ${next.size}${last ? ` (consistent with ${last.size})` : ' (first seen)'}; co-signature ${sent}`,
  };
}
