/**
 * How the gateway's bytes reach one subgraph: an undici connection pool to its origin, kept
 * alive, answering with status and text — nothing else. @apollo/gateway's default fetcher
 * (make-fetch-happen → minipass-fetch → @npmcli/agent → agent-base) cost a quarter of the
 * gateway's CPU, and even Node's built-in `fetch` builds WHATWG Request, Headers, Response,
 * stream and AbortSignal objects per call that a JSON POST between two of our own services
 * does not need (STACK-NOTES, BENCHMARKS.md). One small module, so tracing can wrap it.
 */
import { Pool } from 'undici';

export interface SubgraphAnswer {
  readonly status: number;
  readonly text: string;
}

export interface FetcherOptions {
  /** Longest wait for the answer's headers, and between body chunks (ms; default 30 s). */
  readonly timeoutMs?: number;
  /** Most connections kept to the subgraph (default 128); more requests queue. */
  readonly connections?: number;
}

export class SubgraphFetcher {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;

  constructor(url: string, options: FetcherOptions = {}) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pool = new Pool(target.origin, {
      connections: options.connections ?? 128,
      keepAliveTimeout: 30_000,
    });
  }

  /** POSTs `body` with `headers`; rejects on a network failure or timeout. */
  async post(body: string, headers: Readonly<Record<string, string>>): Promise<SubgraphAnswer> {
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
