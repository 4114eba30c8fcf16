/** Raw bytes to an HTTP port, as a hostile client sends them: no client library in between. */
import { connect } from 'node:net';

export interface RawAnswer {
  /** Status of the first response, or null when the server closed without one. */
  readonly status: number | null;
  readonly text: string;
}

/**
 * Writes `bytes` (all at once, or in `parts` with a pause between them), optionally half-closes,
 * and reads until the server closes or `timeoutMs` passes.
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer | readonly (string | Buffer)[],
  options: { end?: boolean; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5_000);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head >= 0) {
        const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, head));
        if (length && text.length - head - 4 >= Number(length[1])) {
          finish();
        }
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      const parts = Array.isArray(bytes) ? bytes : [bytes];
      void (async () => {
        for (const part of parts) {
          if (socket.destroyed) {
            return;
          }
          socket.write(part);
          await new Promise((r) => setTimeout(r, 20));
        }
        if (options.end) {
          socket.end();
        }
      })();
    });
  });
}

/** A request head (and body) as raw text. */
export function rawHttp(
  method: string,
  target: string,
  headers: Readonly<Record<string, string>>,
  body = '',
): string {
  const lines = [
    `${method} ${target} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
