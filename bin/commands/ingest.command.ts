/**
 * `hub ingest FILE`: cyber intel through the gateway, safe in scripts. Exit codes: 0 every line
 * accepted (or already there), 1 some lines invalid or rejected (they are in the rejects file),
 * 2 the run could not go on (unreachable gateway, refused token, unreadable file), 130 stopped
 * by Ctrl-C (the summary names the line to resume from).
 */
import { Command } from 'commander';

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

async function runIngest(file: string, options: IngestCommandOptions): Promise<number> {
  const { createWriteStream } = await import('node:fs');
  const { stat } = await import('node:fs/promises');
  const { hubConfig } = await import('../../platform/config.js');
  const ingest = await import('../../tools/ingest/index.js');
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new CliError(`hub ingest: ${file} is not a file`, INGEST_EXIT.failed);
    }
  } catch (error) {
    if (error instanceof CliError) {
      throw error;
    }
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new CliError(`hub ingest: cannot read ${file}: ${reason}`, INGEST_EXIT.failed);
  }
  const config = hubConfig();
  let token = options.token ?? config.cliToken;
  if (!token) {
    const { mintDevToken } = await import('../../hub/tokens.js');
    token = await mintDevToken(config, {
      roles: ['cyber_analyst'],
      agency: options.agency,
      province: options.province,
    });
  }
  const gatewayUrl = options.gateway ?? `http://127.0.0.1:${config.gateway.port}/graphql`;
  const aborter = new AbortController();
  const onSignal = () => {
    if (aborter.signal.aborted) {
      process.exit(INGEST_EXIT.interrupted); // a second Ctrl-C: stop now
    }
    process.stderr.write('\nhub ingest: stopping (Ctrl-C again to quit at once)…\n');
    aborter.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const run = {
    file,
    gatewayUrl,
    token,
    batchSize: options.batchSize,
    purpose: options.purpose,
    signal: aborter.signal,
    fromLine: options.fromLine,
  };
  try {
    await ingest.probeGateway(run);
  } catch (error) {
    throw new CliError(`hub ingest: ${(error as Error).message}`, INGEST_EXIT.failed);
  }

  const rejectsPath =
    options.rejects === false ? undefined : (options.rejects ?? defaultRejects(file));
  let rejects: ReturnType<typeof createWriteStream> | undefined;
  let rejected = 0;
  const reporter = ingest.consoleReporter(process.stderr);
  try {
    const result = await ingest.ingestFile({
      ...run,
      onProgress: reporter.onProgress,
      onProblem: (problem, text) => {
        reporter.onProblem?.(problem);
        if (rejectsPath) {
          rejects ??= createWriteStream(rejectsPath, { flags: 'w' });
          const why = problem.message.replace(/\s+/g, ' ');
          rejects.write(`# line ${problem.line}: ${problem.code}: ${why}\n`);
          rejects.write(text !== undefined ? `${text}\n` : '# (line too long to keep)\n');
          rejected += 1;
        }
      },
    });
    console.log(ingest.formatSummary(result));
    if (result.invalid + result.rejected > 0) {
      if (rejectsPath) {
        console.log(
          `  ${rejected.toLocaleString('en-US')} lines written to ${rejectsPath}: fix them and run ` +
            `hub ingest ${rejectsPath}`,
        );
      }
      return INGEST_EXIT.problems;
    }
    return INGEST_EXIT.ok;
  } catch (error) {
    if (error instanceof ingest.IngestError) {
      const counts = error.counts;
      console.error(
        `hub ingest: ${error.message}\n  confirmed so far: accepted ${counts.accepted}, ` +
          `duplicates ${counts.duplicates}, rejected ${counts.rejected}, invalid ${counts.invalid}` +
          (error.resumeFromLine
            ? `\n  resume: hub ingest ${file} --from-line ${error.resumeFromLine}`
            : ''),
      );
      return error.interrupted ? INGEST_EXIT.interrupted : INGEST_EXIT.failed;
    }
    throw new CliError(`hub ingest: ${(error as Error).message}`, INGEST_EXIT.failed);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (rejects) {
      const stream = rejects;
      await new Promise<void>((resolve) => stream.end(resolve));
    }
  }
}
