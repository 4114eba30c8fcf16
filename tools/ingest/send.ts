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
  /** The line as it was in the file (for the rejects file). */
  readonly text?: string;
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
    const hint = /unknown key/.test(message)
      ? '; a development token must be minted with the HUB_HOME of the running gateway'
      : '';
    return new SendFailure(`the gateway refused the token (${message})${hint}`, 'fatal');
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

/**
 * Why a fetch failed, in words: Node's fetch says only "fetch failed" and keeps the reason
 * ("bad port", ECONNREFUSED …, several for a host with two addresses) in its `cause`.
 */
export function networkCause(error: unknown): string {
  const parts: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || depth > 4) {
      return;
    }
    if (value instanceof AggregateError) {
      value.errors.forEach((inner) => visit(inner, depth + 1));
      return;
    }
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      if (value.message && value.message !== 'fetch failed') {
        parts.push(
          typeof code === 'string' && !value.message.includes(code)
            ? `${value.message} (${code})`
            : value.message,
        );
      } else if (typeof code === 'string') {
        parts.push(code);
      }
      visit(value.cause, depth + 1);
    }
  };
  visit(error, 0);
  return [...new Set(parts)].join('; ') || (error instanceof Error ? error.message : String(error));
}

/**
 * One small request before the first batch (`{ __typename }`, with the run's headers): an
 * unreachable gateway, a bad URL or a refused token stops the run at once with the reason,
 * instead of after a batch's retries. Resolves when the gateway answers and accepts the token.
 */
export async function probeGateway(options: IngestOptions): Promise<void> {
  let response: Response;
  try {
    response = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: senderHeaders(options),
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: options.signal ?? AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new SendFailure(
      `gateway unreachable at ${options.gatewayUrl}: ${networkCause(error)}`,
      'fatal',
    );
  }
  const text = await response.text();
  if (response.ok) {
    return;
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const outcome = classify(response.status, parsed);
  if (outcome instanceof SendFailure && outcome.kind === 'fatal') {
    throw outcome;
  }
}

/** The headers of every request of a run. */
export function senderHeaders(options: IngestOptions): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    authorization: `Bearer ${options.token}`,
    'x-purpose': options.purpose ?? 'INVESTIGATION',
  };
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
    const cause = networkCause(error);
    // A refused connection may pass (the gateway restarting); a bad URL or port never does.
    const kind = /bad port|invalid url|ERR_INVALID_URL|ENOTFOUND/i.test(cause)
      ? 'fatal'
      : 'transient';
    outcome = new SendFailure(
      `gateway unreachable at ${sender.options.gatewayUrl}: ${cause}`,
      kind,
    );
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
