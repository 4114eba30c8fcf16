/** What `hub ingest` shows a person: a progress bar on a terminal, lines otherwise, a summary. */
import { MultiBar, type SingleBar } from 'cli-progress';

import type { IngestOptions, IngestProblem, IngestProgress, IngestResult } from './contract.js';

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

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The bar's text after the bar itself: what {@link formatProgress} says, without its bar. */
const barText = (progress: IngestProgress) => formatProgress(progress, 0);

/** On a terminal: cli-progress redraws one bar, problems are printed above it. */
function terminalReporter(
  stream: Stream,
  every: number,
  say: (line: string) => void,
): Pick<IngestOptions, 'onProgress' | 'onProblem'> {
  const bars = new MultiBar({
    stream,
    format: '[{bar}] {status}',
    barsize: Math.max(10, Math.min(24, (stream.columns ?? 120) - 110)),
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: false,
    clearOnComplete: false,
    fps: every > 0 ? 1000 / every : 60,
  });
  let bar: SingleBar | undefined;
  return {
    onProblem: (problem) => {
      if (bar) {
        bars.log(`${formatProblem(problem)}\n`);
      } else {
        say(formatProblem(problem));
      }
    },
    onProgress: (progress) => {
      const status = { status: barText(progress) };
      bar ??= bars.create(Math.max(progress.totalBytes, 1), 0, status);
      bar.update(Math.min(progress.bytesRead, Math.max(progress.totalBytes, 1)), status);
      if (progress.done) {
        bars.update();
        bars.stop();
      }
    },
  };
}

/**
 * Progress on `stream` (stderr): a redrawn bar on a terminal (cli-progress), a plain line every
 * few seconds otherwise; problems as they come (the first hundred), each on its own line.
 */
export function consoleReporter(
  stream: Stream,
  options: ReporterOptions = {},
): Pick<IngestOptions, 'onProgress' | 'onProblem'> {
  const tty = Boolean(stream.isTTY);
  const maxProblems = options.maxProblems ?? 100;
  const every = tty ? (options.redrawMs ?? 100) : (options.lineIntervalMs ?? 5000);
  const say = (line: string) => stream.write(`${line}\n`);
  let shown = 0;
  let hidden = 0;
  let last = 0;
  const terminal = tty ? terminalReporter(stream, every, say) : undefined;
  return {
    onProblem(problem) {
      if (shown >= maxProblems) {
        hidden += 1;
        return;
      }
      shown += 1;
      if (terminal) {
        terminal.onProblem?.(problem);
      } else {
        say(formatProblem(problem));
      }
    },
    onProgress(progress) {
      if (terminal) {
        terminal.onProgress?.(progress);
      } else {
        const now = performance.now();
        if (progress.done || now - last >= every) {
          last = now;
          say(barText(progress));
        }
      }
      if (progress.done && hidden > 0) {
        say(`… and ${number(hidden)} more problems not shown`);
      }
    },
  };
}
