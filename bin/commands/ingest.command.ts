/**
 * `hub ingest FILE`: cyber intel through the gateway, safe in scripts. Exit codes: 0 every line
 * accepted (or already there), 1 some lines invalid or rejected (they are in the rejects file),
 * 2 the run could not go on (unreachable gateway, refused token, unreadable file), 130 stopped
 * by Ctrl-C (the summary names the line to resume from).
 */
import { Command } from 'commander';

import type { IngestError, IngestProblem } from '../../tools/ingest/index.js';

import { CliError, integerOption } from './common.js';

export const INGEST_EXIT = { ok: 0, problems: 1, failed: 2, interrupted: 130 } as const;

interface IngestCommandOptions {
  gateway?: string;
  token?: string;
  agency: string;
  province: string;
  batchSize: number;
  purpose: string;
  rejects?: string | false;
  fromLine: number;
}

/** `FILE.ndjson` → `FILE.rejects.ndjson`, beside it. */
function defaultRejects(file: string): string {
  return file.replace(/(\.ndjson|\.jsonl|\.json)?$/i, '.rejects.ndjson');
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description(
      'stream cyber intel (NDJSON, one item a line) through the gateway as a cyber analyst',
    )
    .argument('<file>', 'NDJSON file, one room-intel item a line')
    .option('--gateway <url>', 'gateway GraphQL URL (default: this hub on PORT)')
    .option(
      '--token <jwt>',
      'bearer token with cyber:write (default: HUB_TOKEN, else a dev token for cyber_analyst)',
    )
    .option('--agency <code>', 'agency of the dev token', 'MPS-CYBER')
    .option('--province <code>', 'province of the dev token', 'BJ')
    .option(
      '--batch-size <n>',
      'items per push (1-1000)',
      integerOption('--batch-size', 1, 1000),
      500,
    )
    .option(
      '--purpose <purpose>',
      'x-purpose header, e.g. INVESTIGATION:GS-2026-17',
      'INVESTIGATION',
    )
    .option(
      '--rejects <file>',
      'where invalid and rejected lines go, as they were, each after a "# line N: CODE: why" ' +
        'note, to fix and ingest again (default FILE.rejects.ndjson)',
    )
    .option('--no-rejects', 'write no rejects file')
    .option(
      '--from-line <n>',
      'skip the lines before this one (resume an interrupted run)',
      integerOption('--from-line', 1, Number.MAX_SAFE_INTEGER),
      1,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 all accepted, 1 some lines invalid or rejected (see the rejects file),\n' +
        '2 could not run (gateway unreachable, token refused, file unreadable), 130 interrupted.',
    )
    .action(async (file: string, options: IngestCommandOptions) => {
      const code = await runIngest(file, options);
      process.exitCode = code;
    });
}

/** The file must be there and be a file: exit 2 with one line otherwise (not a raw ENOENT). */
async function checkFile(file: string): Promise<void> {
  const { stat } = await import('node:fs/promises');
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new CliError(`hub ingest: cannot read ${file}: ${reason}`, INGEST_EXIT.failed);
  }
  if (!isFile) {
    throw new CliError(`hub ingest: ${file} is not a file`, INGEST_EXIT.failed);
  }
}

/** --token, else HUB_TOKEN, else a development token of a cyber analyst. */
async function tokenFor(options: IngestCommandOptions): Promise<string> {
  const { hubConfig } = await import('../../platform/config.js');
  const config = hubConfig();
  const given = options.token ?? config.cliToken;
  if (given) {
    return given;
  }
  const { mintDevToken } = await import('../../hub/tokens.js');
  return mintDevToken(config, {
    roles: ['cyber_analyst'],
    agency: options.agency,
    province: options.province,
  });
}

/** Ctrl-C (or SIGTERM) stops the run after the batches in flight; a second one at once. */
function interruptible(): { signal: AbortSignal; release: () => void } {
  const aborter = new AbortController();
  const onSignal = () => {
    if (aborter.signal.aborted) {
      process.exit(INGEST_EXIT.interrupted);
    }
    process.stderr.write('\nhub ingest: stopping (Ctrl-C again to quit at once)…\n');
    aborter.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: aborter.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The rejects file, opened at the first problem: a `# line N: CODE: why` note, then the line. */
async function rejectsWriter(file: string | undefined) {
  const { createWriteStream } = await import('node:fs');
  let stream: ReturnType<typeof createWriteStream> | undefined;
  let written = 0;
  return {
    write(problem: IngestProblem, text: string | undefined): void {
      if (!file) {
        return;
      }
      stream ??= createWriteStream(file, { flags: 'w' });
      stream.write(
        `# line ${problem.line}: ${problem.code}: ${problem.message.replace(/\s+/g, ' ')}\n`,
      );
      stream.write(text !== undefined ? `${text}\n` : '# (line too long to keep)\n');
      written += 1;
    },
    written: () => written,
    close: () => new Promise<void>((resolve) => (stream ? stream.end(resolve) : resolve())),
  };
}

/** What a run that stopped early tells: counts confirmed, and the line to resume from. */
function describeStop(file: string, error: IngestError): string {
  const { accepted, duplicates, rejected, invalid } = error.counts;
  return (
    `hub ingest: ${error.message}\n  confirmed so far: accepted ${accepted}, duplicates ` +
    `${duplicates}, rejected ${rejected}, invalid ${invalid}` +
    (error.resumeFromLine
      ? `\n  resume: hub ingest ${file} --from-line ${error.resumeFromLine}`
      : '')
  );
}

async function runIngest(file: string, options: IngestCommandOptions): Promise<number> {
  await checkFile(file);
  const { hubConfig } = await import('../../platform/config.js');
  const ingest = await import('../../tools/ingest/index.js');
  const run = {
    file,
    gatewayUrl: options.gateway ?? `http://127.0.0.1:${hubConfig().gateway.port}/graphql`,
    token: await tokenFor(options),
    batchSize: options.batchSize,
    purpose: options.purpose,
    fromLine: options.fromLine,
  };
  const stop = interruptible();
  const rejectsPath =
    options.rejects === false ? undefined : (options.rejects ?? defaultRejects(file));
  const rejects = await rejectsWriter(rejectsPath);
  const reporter = ingest.consoleReporter(process.stderr);
  try {
    await ingest.probeGateway({ ...run, signal: stop.signal }).catch((error: unknown) => {
      throw new CliError(`hub ingest: ${(error as Error).message}`, INGEST_EXIT.failed);
    });
    const result = await ingest.ingestFile({
      ...run,
      signal: stop.signal,
      onProgress: reporter.onProgress,
      onProblem: (problem, text) => {
        reporter.onProblem?.(problem);
        rejects.write(problem, text);
      },
    });
    console.log(ingest.formatSummary(result));
    if (result.invalid + result.rejected === 0) {
      return INGEST_EXIT.ok;
    }
    if (rejectsPath) {
      console.log(
        `  ${rejects.written().toLocaleString('en-US')} lines written to ${rejectsPath}: fix ` +
          `them and run hub ingest ${rejectsPath}`,
      );
    }
    return INGEST_EXIT.problems;
  } catch (error) {
    if (error instanceof ingest.IngestError) {
      console.error(describeStop(file, error));
      return error.interrupted ? INGEST_EXIT.interrupted : INGEST_EXIT.failed;
    }
    if (error instanceof CliError) {
      throw error;
    }
    throw new CliError(`hub ingest: ${(error as Error).message}`, INGEST_EXIT.failed);
  } finally {
    stop.release();
    await rejects.close();
  }
}
