/**
 * Bulk ingest of cyber room intel (`hub ingest FILE.ndjson`): streams a file of one JSON item
 * per line, checks each line, sends the good ones in batches as `pushRoomIntel` through the
 * gateway, and accounts for every line. A bad line (not JSON, or not a valid item) is reported
 * by its number and skipped; an item the server refuses is reported by its line too. Pushes are
 * idempotent per (source, externalId), so re-running a file after a crash finishes the job
 * without duplicates, and a batch whose answer was lost can simply be sent again.
 *
 * Items may refer to items on earlier lines (or in the same batch). With several batches in
 * flight, an item whose reference sits in a batch still in flight may come back NOT_FOUND: it is
 * sent again once every earlier batch is done, so the outcome is as if batches went one by one.
 */
import { stat } from 'node:fs/promises';

import pLimit from 'p-limit';

import { ERROR_CODES } from '../../schema/errors.js';
import { MAX_PUSH_ITEMS } from '../../schema/intel-item.js';

import {
  IngestError,
  type IngestCounts,
  type IngestOptions,
  type IngestProblem,
  type IngestResult,
} from './contract.js';
import { checkLine, readLines, type Line } from './lines.js';
import { push, senderHeaders, type Entry, type PushAnswer, type Sender } from './send.js';

/** Problems kept in the result (all are counted and passed to `onProblem`). */
const KEPT_PROBLEMS = 1000;

/** What one run keeps: its counts, the problems it keeps, and how it reports. */
class Run {
  readonly counts: IngestCounts = {
    lines: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    invalid: 0,
    batches: 0,
  };
  readonly problems: IngestProblem[] = [];
  readonly started = performance.now();
  bytesRead = 0;

  constructor(
    private readonly options: IngestOptions,
    private readonly totalBytes: number,
  ) {}

  progress(done = false): void {
    this.options.onProgress?.({
      ...this.counts,
      bytesRead: this.bytesRead,
      totalBytes: this.totalBytes,
      elapsedMs: performance.now() - this.started,
      done,
    });
  }

  problem(found: IngestProblem, text?: string): void {
    if (this.problems.length < KEPT_PROBLEMS) {
      this.problems.push(found);
    }
    this.options.onProblem?.(found, text);
  }

  /**
   * Accounts for one line read; the entry to send, or nothing (skipped before `fromLine`, blank,
   * a `#` note as a rejects file has, or invalid: counted and reported).
   */
  take(line: Line, fromLine: number): Entry | undefined {
    this.bytesRead += line.bytes;
    this.nextLine = line.number + 1;
    if (line.number < fromLine) {
      return undefined;
    }
    if (line.text !== undefined && (line.text.trim() === '' || line.text.startsWith('#'))) {
      return undefined;
    }
    this.counts.lines += 1;
    const checked = checkLine(line);
    if ('problem' in checked) {
      this.counts.invalid += 1;
      this.problem(checked.problem, line.text);
      return undefined;
    }
    return { line: line.number, item: checked.item, text: line.text };
  }

  /** First line of each batch not settled yet, and the next line to read. */
  readonly unsettled = new Set<number>();
  nextLine = 1;

  /** The first line without an outcome: where a run resumes. */
  resumeFrom(unsent: readonly Entry[]): number {
    return Math.min(this.nextLine, ...this.unsettled, ...unsent.map((entry) => entry.line));
  }

  /** Counts an answer; returns the entries to send again (NOT_FOUND before the last try). */
  settle(entries: readonly Entry[], answer: PushAnswer, final: boolean): Entry[] {
    const retry: Entry[] = [];
    for (const error of answer.errors) {
      const entry = entries[error.index];
      if (!entry) {
        continue;
      }
      if (!final && error.code === ERROR_CODES.NOT_FOUND) {
        retry.push(entry);
        continue;
      }
      this.problem({ line: entry.line, code: error.code, message: error.message }, entry.text);
    }
    this.counts.accepted += answer.accepted;
    this.counts.duplicates += answer.duplicates;
    this.counts.rejected += answer.rejected - retry.length;
    return retry;
  }
}

/** A batch's whole life; resolves once its every item has a final outcome. */
async function runBatch(
  run: Run,
  sender: Sender,
  entries: readonly Entry[],
  earlier: readonly Promise<void>[],
): Promise<void> {
  const waitForEarlier = earlier.length > 0;
  const retry: Entry[] = [];
  for (const part of await push(sender, entries)) {
    retry.push(...run.settle(part.entries, part.answer, !waitForEarlier));
  }
  if (retry.length > 0) {
    // Their references may be in a batch that was still in flight: ask again after it.
    await Promise.all(earlier);
    for (const part of await push(sender, retry)) {
      run.settle(part.entries, part.answer, true);
    }
  }
  run.counts.batches += 1;
  run.unsettled.delete(entries[0]?.line ?? 0);
  run.progress();
}

/** How every batch of one run is sent. */
function senderFor(options: IngestOptions): Sender {
  return {
    options,
    retries: options.retries ?? 5,
    retryDelayMs: options.retryDelayMs ?? 500,
    headers: senderHeaders(options),
  };
}

/** The run's result, or the error that stopped it (with the counts confirmed until then). */
function outcomeOf(
  run: Run,
  options: IngestOptions,
  failure: unknown,
  unsent: readonly Entry[],
): IngestResult {
  run.progress(true);
  const file = options.file;
  if (options.signal?.aborted) {
    const resume = run.resumeFrom(unsent);
    throw new IngestError(
      `interrupted; every line before line ${resume} has its outcome. Resume with ` +
        `--from-line ${resume} (pushes are idempotent: a line sent twice counts as a duplicate).`,
      { ...run.counts },
      resume,
      true,
    );
  }
  if (failure !== undefined) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    const resume = run.resumeFrom(unsent);
    throw new IngestError(
      `${reason}. Items confirmed so far stay written; run the same file again to finish ` +
        `(pushes are idempotent), or resume with --from-line ${resume} (every line before it ` +
        'has its outcome).',
      { ...run.counts },
      resume,
    );
  }
  const elapsedMs = performance.now() - run.started;
  const answered = run.counts.accepted + run.counts.duplicates + run.counts.rejected;
  return {
    ...run.counts,
    file,
    elapsedMs,
    itemsPerSecond: answered / Math.max(elapsedMs / 1000, 1e-3),
    problems: run.problems,
  };
}

/** Streams `options.file` into the gateway; resolves with the counts of what happened. */
export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PUSH_ITEMS) {
    throw new RangeError(`batchSize must be 1–${MAX_PUSH_ITEMS}`);
  }
  const maxBatchBytes = options.maxBatchBytes ?? 800_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const run = new Run(options, (await stat(options.file)).size);
  const sender = senderFor(options);
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const launch = (entries: Entry[]) => {
    run.unsettled.add(entries[0]?.line ?? 0);
    const earlier = [...inFlight];
    const task: Promise<void> = limit(() => runBatch(run, sender, entries, earlier))
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
      const entry = run.take(line, options.fromLine ?? 1);
      if (!entry) {
        continue;
      }
      batch.push(entry);
      batchBytes += line.bytes;
      if (batch.length >= batchSize || batchBytes >= maxBatchBytes) {
        launch(batch);
        batch = [];
        batchBytes = 0;
        // Read no further than the batches the limit lets travel (memory stays bounded).
        while (limit.activeCount + limit.pendingCount >= concurrency && failure === undefined) {
          await Promise.race(inFlight);
        }
      }
      if (failure !== undefined) {
        break;
      }
    }
    if (batch.length > 0 && failure === undefined && !options.signal?.aborted) {
      launch(batch);
      batch = [];
    }
  } catch (error) {
    // Reading stopped: the signal (Ctrl-C) or the file itself.
    if (!options.signal?.aborted) {
      failure ??= error;
    }
  } finally {
    await Promise.all(inFlight);
  }
  return outcomeOf(run, options, failure, batch);
}
