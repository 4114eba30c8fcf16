/**
 * Bulk ingest of cyber room intel (`hub ingest FILE.ndjson`): streams a file of one JSON item per
 * line, checks each line, sends the good ones in batches as `pushRoomIntel` through the gateway,
 * and accounts for every line. A bad line (not JSON, or not a valid item) is reported by its
 * number and skipped; an item the server refuses is reported by its line too. Pushes are
 * idempotent per (source, externalId), so re-running a file after a crash finishes the job
 * without duplicates, and a batch whose answer was lost can simply be sent again.
 *
 * Items may refer to items on earlier lines (or on the same batch). With several batches in
 * flight, an item whose reference sits in a batch still in flight may come back NOT_FOUND: it is
 * sent again once every earlier batch is done, so the outcome is as if batches went one by one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

import { checkRoomIntelItem, MAX_PUSH_ITEMS } from '../schema/intel-item.js';

export const PUSH_ROOM_INTEL = `mutation PushRoomIntel($items: [RoomIntelInput!]!) {
  pushRoomIntel(items: $items) { accepted duplicates rejected errors { index code message } }
}`;

/** Problems kept in the result (all are counted and passed to `onProblem`). */
const KEPT_PROBLEMS = 1000;
const MAX_LINE_BYTES = 1_000_000;

export interface IngestOptions {
  readonly file: string;
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  readonly gatewayUrl: string;
  /** Bearer token of a caller with `cyber:write` (role cyber_analyst). */
  readonly token: string;
  /** Items per push, 1–1000 (default 500). */
  readonly batchSize?: number;
  /** A batch is also sent once its JSON reaches this many bytes (default 800 000). */
  readonly maxBatchBytes?: number;
  /** Batches in flight at once (default 2): the server writes one while the next travels. */
  readonly concurrency?: number;
  /** `x-purpose` header, e.g. `INVESTIGATION:GS-2026-17` (INVESTIGATION by default). */
  readonly purpose?: string;
  /** Attempts per batch on network errors, HTTP 429/5xx and AUDIT_UNAVAILABLE (default 5). */
  readonly retries?: number;
  /** First retry delay in ms, doubling each time (default 500). */
  readonly retryDelayMs?: number;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly onProblem?: (problem: IngestProblem) => void;
  readonly signal?: AbortSignal;
}

export interface IngestCounts {
  /** Non-blank lines read. */
  lines: number;
  accepted: number;
  duplicates: number;
  /** Items the server refused (BAD_USER_INPUT, NOT_FOUND). */
  rejected: number;
  /** Lines refused before sending: not JSON, or not a valid item. */
  invalid: number;
  /** Pushes answered (retries of lost or failed sends not counted). */
  batches: number;
}

export interface IngestProgress extends IngestCounts {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly elapsedMs: number;
  readonly done: boolean;
}

export interface IngestProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  /** INVALID_JSON, BAD_USER_INPUT or NOT_FOUND. */
  readonly code: string;
  readonly message: string;
}

export interface IngestResult extends IngestCounts {
  readonly file: string;
  readonly elapsedMs: number;
  /** Items answered per second (accepted + duplicates + rejected). */
  readonly itemsPerSecond: number;
  /** The first problems (all of them are counted in `invalid` and `rejected`). */
  readonly problems: IngestProblem[];
}

/** The run cannot go on (refused token, gateway gone); what was confirmed stays written. */
export class IngestError extends Error {
  constructor(
    message: string,
    /** Counts confirmed before the failure. */
    readonly counts: IngestCounts,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

interface Line {
  readonly number: number;
  readonly bytes: number;
  readonly text?: string;
}

/** Lines of a file of any size, with their numbers; a line over the limit comes without text. */
async function* readLines(file: string, signal?: AbortSignal): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let pendingBytes = 0;
  let oversized = false;
  let number = 0;
  const emit = (segment: string, bytes: number): Line => {
    number += 1;
    if (oversized) {
      oversized = false;
      return { number, bytes };
    }
    const text = (pending + segment).replace(/\r$/, '');
    pending = '';
    pendingBytes = 0;
    return { number, bytes, text: number === 1 ? text.replace(/^\uFEFF/, '') : text };
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const text = decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const segment = text.slice(start, end);
      const bytes = pendingBytes + Buffer.byteLength(segment) + 1;
      yield emit(segment, bytes);
      pendingBytes = 0;
      start = end + 1;
    }
    const rest = text.slice(start);
    pendingBytes += Buffer.byteLength(rest);
    if (oversized || pendingBytes > MAX_LINE_BYTES) {
      oversized = true;
      pending = '';
    } else {
      pending += rest;
    }
  }
  const tail = decoder.end();
  if (pending + tail !== '' || oversized) {
    yield emit(tail, pendingBytes + Buffer.byteLength(tail));
  }
}

interface Entry {
  readonly line: number;
  readonly item: unknown;
}

interface PushAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

/** Why a send failed, and whether sending it again (or smaller) can help. */
class SendFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'transient' | 'fatal' | 'split',
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

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
  if (status === 401 || code === 'UNAUTHENTICATED') {
    return new SendFailure(`the gateway refused the token (${message})`, 'fatal');
  }
  if (status === 403 || code === 'UNAUTHORIZED_FIELD_OR_TYPE' || code === 'FORBIDDEN') {
    return new SendFailure(
      `not allowed to push room intel: needs cyber:write (${message})`,
      'fatal',
    );
  }
  if (
    status === 413 ||
    code === 'BAD_USER_INPUT' ||
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'OPERATION_LIMIT_EXCEEDED'
  ) {
    return new SendFailure(message, 'split');
  }
  if (status === 429 || status >= 500 || code === 'AUDIT_UNAVAILABLE' || !parsed) {
    return new SendFailure(message, 'transient');
  }
  return new SendFailure(message, 'fatal');
}

/** Streams `options.file` into the gateway; resolves with the counts of what happened. */
export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PUSH_ITEMS) {
    throw new RangeError(`batchSize must be 1–${MAX_PUSH_ITEMS}`);
  }
  const maxBatchBytes = options.maxBatchBytes ?? 800_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const retries = options.retries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const totalBytes = (await stat(options.file)).size;
  const started = performance.now();
  const counts: IngestCounts = {
    lines: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    invalid: 0,
    batches: 0,
  };
  const problems: IngestProblem[] = [];
  let bytesRead = 0;

  const progress = (done = false) =>
    options.onProgress?.({
      ...counts,
      bytesRead,
      totalBytes,
      elapsedMs: performance.now() - started,
      done,
    });
  const problem = (found: IngestProblem) => {
    if (problems.length < KEPT_PROBLEMS) {
      problems.push(found);
    }
    options.onProblem?.(found);
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    authorization: `Bearer ${options.token}`,
    'x-purpose': options.purpose ?? 'INVESTIGATION',
  };

  /** One POST, retried while the failure is transient. */
  async function send(entries: readonly Entry[]): Promise<PushAnswer> {
    const body = JSON.stringify({
      query: PUSH_ROOM_INTEL,
      variables: { items: entries.map((entry) => entry.item) },
    });
    for (let attempt = 1; ; attempt += 1) {
      let outcome: SendFailure | PushAnswer;
      try {
        const response = await fetch(options.gatewayUrl, {
          method: 'POST',
          headers,
          body,
          signal: options.signal,
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
        if (options.signal?.aborted) {
          throw error;
        }
        outcome = new SendFailure(`gateway unreachable: ${(error as Error).message}`, 'transient');
      }
      if (!(outcome instanceof SendFailure)) {
        return outcome;
      }
      if (outcome.kind !== 'transient' || attempt > retries) {
        throw outcome;
      }
      await sleep(retryDelayMs * 2 ** (attempt - 1), options.signal);
    }
  }

  /** Sends entries; a batch the server refuses whole is halved until the culprit stands alone. */
  async function push(
    entries: readonly Entry[],
  ): Promise<{ entries: readonly Entry[]; answer: PushAnswer }[]> {
    try {
      return [{ entries, answer: await send(entries) }];
    } catch (error) {
      if (!(error instanceof SendFailure) || error.kind !== 'split') {
        throw error;
      }
      if (entries.length === 1) {
        const answer: PushAnswer = {
          accepted: 0,
          duplicates: 0,
          rejected: 1,
          errors: [{ index: 0, code: 'BAD_USER_INPUT', message: error.message }],
        };
        return [{ entries, answer }];
      }
      const half = Math.ceil(entries.length / 2);
      return [...(await push(entries.slice(0, half))), ...(await push(entries.slice(half)))];
    }
  }

  function settle(entries: readonly Entry[], answer: PushAnswer, final: boolean): Entry[] {
    const retry: Entry[] = [];
    let notFoundKept = 0;
    for (const error of answer.errors) {
      const entry = entries[error.index];
      if (!entry) {
        continue;
      }
      if (!final && error.code === 'NOT_FOUND') {
        retry.push(entry);
        notFoundKept += 1;
        continue;
      }
      problem({ line: entry.line, code: error.code, message: error.message });
    }
    counts.accepted += answer.accepted;
    counts.duplicates += answer.duplicates;
    counts.rejected += answer.rejected - notFoundKept;
    return retry;
  }

  /** A batch's whole life; resolves once its every item has a final outcome. */
  async function runBatch(
    entries: readonly Entry[],
    earlier: readonly Promise<void>[],
  ): Promise<void> {
    const waitForEarlier = earlier.length > 0;
    const retry: Entry[] = [];
    for (const part of await push(entries)) {
      retry.push(...settle(part.entries, part.answer, !waitForEarlier));
    }
    if (retry.length > 0) {
      // Their references may be in a batch that was still in flight: ask again after it.
      await Promise.all(earlier);
      for (const part of await push(retry)) {
        settle(part.entries, part.answer, true);
      }
    }
    counts.batches += 1;
    progress();
  }

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const launch = (entries: Entry[]) => {
    const task: Promise<void> = runBatch(entries, [...inFlight])
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  let batch: Entry[] = [];
  let batchBytes = 0;
  try {
    for await (const line of readLines(options.file, options.signal)) {
      bytesRead += line.bytes;
      if (line.text !== undefined && line.text.trim() === '') {
        continue;
      }
      counts.lines += 1;
      const checked = checkLine(line);
      if ('problem' in checked) {
        counts.invalid += 1;
        problem(checked.problem);
        continue;
      }
      batch.push({ line: line.number, item: checked.item });
      batchBytes += line.bytes;
      if (batch.length >= batchSize || batchBytes >= maxBatchBytes) {
        launch(batch);
        batch = [];
        batchBytes = 0;
        while (inFlight.size >= concurrency && failure === undefined) {
          await Promise.race(inFlight);
        }
      }
      if (failure !== undefined) {
        break;
      }
    }
    if (batch.length > 0 && failure === undefined) {
      launch(batch);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) {
    progress(true);
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new IngestError(
      `${reason}. Items confirmed so far stay written; run the same file again to finish ` +
        '(pushes are idempotent).',
      { ...counts },
    );
  }
  const elapsedMs = performance.now() - started;
  progress(true);
  const answered = counts.accepted + counts.duplicates + counts.rejected;
  return {
    ...counts,
    file: options.file,
    elapsedMs,
    itemsPerSecond: answered / Math.max(elapsedMs / 1000, 1e-3),
    problems,
  };
}

function checkLine(line: Line): { item: unknown } | { problem: IngestProblem } {
  if (line.text === undefined) {
    return {
      problem: {
        line: line.number,
        code: 'BAD_USER_INPUT',
        message: `line longer than ${MAX_LINE_BYTES} bytes`,
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return {
      problem: { line: line.number, code: 'INVALID_JSON', message: (error as Error).message },
    };
  }
  const checked = checkRoomIntelItem(value);
  if (!checked.ok) {
    return { problem: { line: line.number, code: 'BAD_USER_INPUT', message: checked.message } };
  }
  return { item: value };
}

/** `1:02:03` / `2:03`. */
function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return '--:--';
  }
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');

/** One status line: bar (on a terminal), percent, counts, rate and ETA. */
export function formatProgress(progress: IngestProgress, width = 24): string {
  const fraction =
    progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 1;
  const seconds = progress.elapsedMs / 1000;
  const answered = progress.accepted + progress.duplicates + progress.rejected;
  const rate = seconds > 0 ? answered / seconds : 0;
  const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Infinity;
  const filled = Math.round(fraction * width);
  const bar = width > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
  return (
    `${bar}${(fraction * 100).toFixed(1).padStart(5)}%  ${number(answered)} items  ` +
    `${number(rate)}/s  accepted ${number(progress.accepted)}  duplicates ` +
    `${number(progress.duplicates)}  rejected ${number(progress.rejected)}  invalid ` +
    `${number(progress.invalid)}  ${progress.done ? `took ${clock(seconds)}` : `ETA ${clock(eta)}`}`
  );
}

export function formatProblem(problem: IngestProblem): string {
  return `line ${problem.line}: ${problem.code}: ${problem.message}`;
}

/** The closing summary, several lines. */
export function formatSummary(result: IngestResult): string {
  const seconds = result.elapsedMs / 1000;
  return [
    `${result.file}: ${number(result.lines)} lines in ${seconds.toFixed(1)} s ` +
      `(${number(result.itemsPerSecond)} items/s, ${number(result.batches)} batches)`,
    `  accepted   ${number(result.accepted)}`,
    `  duplicates ${number(result.duplicates)}`,
    `  rejected   ${number(result.rejected)}`,
    `  invalid    ${number(result.invalid)}`,
    ...(result.problems.length < result.rejected + result.invalid
      ? [`  (the first ${result.problems.length} problems are kept in the result)`]
      : []),
  ].join('\n');
}

export interface ReporterOptions {
  /** Problem lines printed before the rest are only counted (default 100). */
  readonly maxProblems?: number;
  /** Between plain progress lines when not on a terminal, ms (default 5000). */
  readonly lineIntervalMs?: number;
  /** Between redraws of the bar on a terminal, ms (default 100). */
  readonly redrawMs?: number;
}

/**
 * Progress on `stream` (stderr): a redrawn bar on a terminal, a plain line every few seconds
 * otherwise; problems as they come (the first hundred), each on its own line.
 */
export function consoleReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  options: ReporterOptions = {},
): Pick<IngestOptions, 'onProgress' | 'onProblem'> {
  const tty = Boolean(stream.isTTY);
  const maxProblems = options.maxProblems ?? 100;
  const every = tty ? (options.redrawMs ?? 100) : (options.lineIntervalMs ?? 5000);
  let shown = 0;
  let hidden = 0;
  let last = 0;
  let drawn = false;
  const clear = () => {
    if (tty && drawn) {
      stream.write('\r\x1b[2K');
      drawn = false;
    }
  };
  return {
    onProblem(problem) {
      if (shown >= maxProblems) {
        hidden += 1;
        return;
      }
      shown += 1;
      clear();
      stream.write(`${formatProblem(problem)}\n`);
    },
    onProgress(progress) {
      const now = performance.now();
      if (!progress.done && now - last < every) {
        return;
      }
      last = now;
      if (tty) {
        const width = Math.max(0, Math.min(24, (stream.columns ?? 120) - 110));
        clear();
        stream.write(formatProgress(progress, width));
        drawn = true;
      } else {
        stream.write(`${formatProgress(progress, 0)}\n`);
      }
      if (progress.done) {
        if (tty) {
          stream.write('\n');
          drawn = false;
        }
        if (hidden > 0) {
          stream.write(`… and ${number(hidden)} more problems not shown\n`);
        }
      }
    },
  };
}
