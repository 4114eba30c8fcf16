/** What `hub ingest` takes and answers: its options, counts, problems and failure. */
export const PUSH_ROOM_INTEL = `mutation PushRoomIntel($items: [RoomIntelInput!]!) {
  pushRoomIntel(items: $items) { accepted duplicates rejected errors { index code message } }
}`;

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
  /**
   * The original text of each problem line comes as `text` (absent for a line over the length
   * limit): what a rejects file keeps, to fix and push again.
   */
  readonly onProblem?: (problem: IngestProblem, text?: string) => void;
  readonly signal?: AbortSignal;
  /** Lines before this 1-based number are skipped (resuming an interrupted run). */
  readonly fromLine?: number;
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
    /**
     * The first line not confirmed: every line before it has its outcome, so a run given
     * `fromLine` this number finishes the job (pushes are idempotent).
     */
    readonly resumeFromLine?: number,
    /** Stopped by its signal (Ctrl-C), not by a failure. */
    readonly interrupted = false,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
