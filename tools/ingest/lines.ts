/** Reading an intel file of any size line by line, with line numbers, checking each line. */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

import { ERROR_CODES } from '../../schema/errors.js';
import { checkRoomIntelItem } from '../../schema/intel-item.js';

import type { IngestProblem } from './contract.js';

/** Longest line read; a longer one is a problem of its own, never held in memory whole. */
export const MAX_LINE_BYTES = 1_000_000;

export interface Line {
  readonly number: number;
  readonly bytes: number;
  readonly text?: string;
}

/** Lines of a file of any size, with their numbers; a line over the limit comes without text. */
export async function* readLines(file: string, signal?: AbortSignal): AsyncGenerator<Line> {
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

export function checkLine(line: Line): { item: unknown } | { problem: IngestProblem } {
  if (line.text === undefined) {
    return {
      problem: {
        line: line.number,
        code: ERROR_CODES.BAD_USER_INPUT,
        message: `line longer than ${MAX_LINE_BYTES} bytes`,
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return {
      problem: {
        line: line.number,
        code: ERROR_CODES.INVALID_JSON,
        message: (error as Error).message,
      },
    };
  }
  const checked = checkRoomIntelItem(value);
  if (!checked.ok) {
    return {
      problem: { line: line.number, code: ERROR_CODES.BAD_USER_INPUT, message: checked.message },
    };
  }
  return { item: value };
}
