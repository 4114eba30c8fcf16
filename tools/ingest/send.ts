/**
 * One push to the gateway: the POST, what its answer means, and retrying it while the failure
 * is passing (network errors, HTTP 429/5xx, AUDIT_UNAVAILABLE) with exponential backoff
 * (p-retry). A batch the server refuses whole is halved until the culprit stands alone.
 */
import pRetry, { AbortError } from 'p-retry';

import { ERROR_CODES } from '../../schema/errors.js';

import { PUSH_ROOM_INTEL, type IngestOptions } from './contract.js';

export interface Entry {
  readonly line: number;
  readonly item: unknown;
}

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

/** Why a send failed, and whether sending it again (or smaller) can help. */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'transient' | 'fatal' | 'split',
  ) {
    super(message);
  }
}

function classify(status: number, body: unknown): SendFailure | PushAnswer {
  const parsed = body as {
    data?: { pushRoomIntel?: PushAnswer } | null;
    errors?: { message?: string; extensions?: { code?: string } }[];
  } | null;
  const answer = parsed?.data?.pushRoomIntel;
  if (answer && Array.isArray(answer.errors)) {
    return answer;
  }
  const first = parsed?.errors?.[0];
  const code = first?.extensions?.code ?? `HTTP ${status}`;
  const message = `${code}: ${first?.message ?? 'no answer'}`;
  if (status === 401 || code === ERROR_CODES.UNAUTHENTICATED) {
    return new SendFailure(`the gateway refused the token (${message})`, 'fatal');
  }
  if (
    status === 403 ||
    code === ERROR_CODES.UNAUTHORIZED_FIELD_OR_TYPE ||
    code === ERROR_CODES.FORBIDDEN
  ) {
    return new SendFailure(
      `not allowed to push room intel: needs cyber:write (${message})`,
      'fatal',
    );
  }
  if (
    status === 413 ||
    code === ERROR_CODES.BAD_USER_INPUT ||
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === ERROR_CODES.OPERATION_LIMIT_EXCEEDED
  ) {
    return new SendFailure(message, 'split');
  }
  if (status === 429 || status >= 500 || code === ERROR_CODES.AUDIT_UNAVAILABLE || !parsed) {
    return new SendFailure(message, 'transient');
  }
  return new SendFailure(message, 'fatal');
}

/** How to reach the gateway and how hard to try. */
export interface Sender {
  readonly options: IngestOptions;
  readonly headers: Readonly<Record<string, string>>;
  readonly retries: number;
  readonly retryDelayMs: number;
}

async function attempt(sender: Sender, body: string): Promise<PushAnswer> {
  let outcome: SendFailure | PushAnswer;
  try {
    const response = await fetch(sender.options.gatewayUrl, {
      method: 'POST',
      headers: sender.headers,
      body,
      signal: sender.options.signal,
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    outcome = classify(response.status, parsed);
  } catch (error) {
    if (sender.options.signal?.aborted) {
      throw new AbortError(error as Error);
    }
    outcome = new SendFailure(`gateway unreachable: ${(error as Error).message}`, 'transient');
  }
  if (outcome instanceof SendFailure) {
    // Only a passing failure is worth another attempt.
    throw outcome.kind === 'transient' ? outcome : new AbortError(outcome);
  }
  return outcome;
}

/** One POST of `entries`, retried while the failure is transient. */
export function send(sender: Sender, entries: readonly Entry[]): Promise<PushAnswer> {
  const body = JSON.stringify({
    query: PUSH_ROOM_INTEL,
    variables: { items: entries.map((entry) => entry.item) },
  });
  return pRetry(() => attempt(sender, body), {
    retries: sender.retries,
    minTimeout: sender.retryDelayMs,
    factor: 2,
    randomize: false,
    signal: sender.options.signal,
  });
}

/** Sends entries; a batch the server refuses whole is halved until the culprit stands alone. */
export async function push(
  sender: Sender,
  entries: readonly Entry[],
): Promise<{ entries: readonly Entry[]; answer: PushAnswer }[]> {
  try {
    return [{ entries, answer: await send(sender, entries) }];
  } catch (error) {
    if (!(error instanceof SendFailure) || error.kind !== 'split') {
      throw error;
    }
    if (entries.length === 1) {
      const answer: PushAnswer = {
        accepted: 0,
        duplicates: 0,
        rejected: 1,
        errors: [{ index: 0, code: ERROR_CODES.BAD_USER_INPUT, message: error.message }],
      };
      return [{ entries, answer }];
    }
    const half = Math.ceil(entries.length / 2);
    return [
      ...(await push(sender, entries.slice(0, half))),
      ...(await push(sender, entries.slice(half))),
    ];
  }
}
