/**
 * What the command files share: the logger, shutdown on signals, option parsers whose errors
 * name the option and the form it takes, and how a failure is printed. Light on purpose: every
 * heavy module is imported inside a command's action, so `hub --help` starts fast.
 */
import { InvalidArgumentError } from 'commander';

import type { Logger } from '../../platform/logger.js';

export async function logger(): Promise<Logger> {
  const { hubConfig } = await import('../../platform/config.js');
  const { createLogger } = await import('../../platform/logger.js');
  const config = hubConfig();
  return createLogger(config.logLevel, 'hub', {
    format: config.logFormat,
    production: config.mode === 'production',
  });
}

/** Stops a serving command on SIGINT/SIGTERM, once. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    stop()
      .then(async () => (await import('../../platform/tracing.js')).stopTracing())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** A command's own failure: printed as its message alone, with this exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `--name` as a whole number in [min, max]; the error names the option and its form. */
export function integerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(
        `${name} takes a whole number from ${min} to ${max} (got ${JSON.stringify(value)}).`,
      );
    }
    return parsed;
  };
}

/** `--name` as one of `choices`. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(
        `${name} takes one of ${choices.join(', ')} (got ${JSON.stringify(value)}).`,
      );
    }
    return value as T;
  };
}

/** `--ttl` as jose's duration: a number and a unit, e.g. 30s, 15m, 1h, 7d. */
export function durationOption(name: string) {
  return (value: string): string => {
    if (
      !/^\d+(\.\d+)?\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(
        value.trim(),
      )
    ) {
      throw new InvalidArgumentError(
        `${name} takes a number and a unit — s, m, h, d or w — such as 30s, 15m, 1h or 7d (got ${JSON.stringify(value)}).`,
      );
    }
    return value.trim();
  };
}

function causeText(cause: unknown, depth: number): string {
  if (cause === undefined || cause === null || depth > 3) {
    return '';
  }
  return `: ${describeError(cause, depth + 1)}`;
}

/**
 * Any thrown value as one readable text: its message, its code, its cause, and each error of
 * an AggregateError (Node's connection errors come as one, with an empty message). Never
 * `undefined`.
 */
export function describeError(error: unknown, depth = 0): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = [...new Set(error.errors.map((inner) => describeError(inner, depth + 1)))];
    return `${error.message ? `${error.message}: ` : ''}${parts.join('; ')}`;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name || 'error';
    const coded =
      typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
    return `${coded}${causeText(error.cause, depth)}`;
  }
  if (error === undefined || error === null) {
    return 'failed without saying why (no error was given)';
  }
  if (typeof error === 'object') {
    try {
      return JSON.stringify(error);
    } catch {
      return Object.prototype.toString.call(error);
    }
  }
  return String(error);
}
