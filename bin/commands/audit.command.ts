/**
 * `hub audit`: the audit trail's checks. Heavy modules load inside each action (`hub --help`
 * stays fast). Exit codes of the checks: 0 holds, 1 broken (the message names what changed),
 * 2 could not check (the message says why).
 *
 *   hub audit key --name NAME [--witness] [--out FILE]   a key pair for a log or a witness
 *   hub audit verify [--full] [--state DIR] [--witness-copy FILE…]
 *   hub audit witness --gateway URL --log-key VKEY --key-file FILE --state DIR [--once]
 *   hub audit prove RECORD                              a proof bundle (JSON) on stdout
 *   hub audit check-proof FILE [--log-key VKEY]         offline, with the log's public key only
 */
import { Command, InvalidArgumentError } from 'commander';

const HOLDS = 0;
const BROKEN = 1;
const UNKNOWN = 2;

async function quietLogger() {
  const { hubConfig } = await import('../../platform/config.js');
  const { createLogger } = await import('../../platform/logger.js');
  return createLogger(hubConfig().logLevel, 'hub');
}

/** The log's public key: given, or from the hub's configuration. */
async function logVerifier(given: string | undefined) {
  const { parseVerifierKey } = await import('../../schema/signed-note.js');
  if (given) {
    return parseVerifierKey(given);
  }
  const { hubConfig } = await import('../../platform/config.js');
  const { auditCheckpointVerifier } = await import('../../platform/keys.js');
  return auditCheckpointVerifier(hubConfig());
}

function fail(code: number, message: string): void {
  console.error(message);
  process.exitCode = code;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1 || n > 86_400) {
    throw new InvalidArgumentError('seconds between 0.1 and 86400');
  }
  return n;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit trail: checkpoints, witnesses, proofs');

  audit
    .command('key')
    .description('make a signing key pair (the log’s checkpoint key, or a witness’s key)')
    .requiredOption('--name <name>', 'the key’s name: the log’s origin, or the witness’s name')
    .option('--witness', 'a witness key (timestamped cosignature/v1)')
    .option('--out <file>', 'write the private key here (mode 0600) instead of printing it')
    .action(async (options: { name: string; witness?: boolean; out?: string }) => {
      const { COSIGNATURE_V1, ED25519, generateSignerKey, parseSignerKey } =
        await import('../../schema/signed-note.js');
      const { writeFile } = await import('node:fs/promises');
      try {
        const signer = generateSignerKey(options.name, options.witness ? COSIGNATURE_V1 : ED25519);
        if (options.out) {
          await writeFile(options.out, `${signer}\n`, { mode: 0o600, flag: 'wx' });
          console.error(`private key written to ${options.out}`);
        } else {
          console.log(`private: ${signer}`);
        }
        console.log(`public:  ${parseSignerKey(signer).text}`);
      } catch (error) {
        fail(UNKNOWN, `hub audit key: ${(error as Error).message}`);
      }
    });

  audit
    .command('verify')
    .description(
      'check the audit log outside the database: records against signed checkpoints, witness co-signatures and copies; the hash chain too',
    )
    .option(
      '--full',
      're-read every record (default: only those since the last verified checkpoint)',
    )
    .option('--state <dir>', 'where the verified tree edge is kept (default HUB_HOME/audit-verify)')
    .option(
      '--witness-copy <file>',
      'a witness’s copy of its last co-signed checkpoint',
      collect,
      [],
    )
    .option('--log-key <vkey>', 'the log’s public key (default: from the hub’s configuration)')
    .action(
      async (options: {
        full?: boolean;
        state?: string;
        witnessCopy: string[];
        logKey?: string;
      }) => {
        const path = await import('node:path');
        const { readFile } = await import('node:fs/promises');
        const { hubConfig } = await import('../../platform/config.js');
        const { auditReaderUrl, openDatabase } = await import('../../platform/database/server.js');
        const { auditWitnessVerifiers } = await import('../../platform/keys.js');
        const { describeChain, verifyAuditChain } = await import('../../tools/audit-verify.js');
        const { verifyAuditLog } = await import('../../tools/audit-log/verify.js');
        let config;
        let log;
        let copies;
        try {
          config = hubConfig();
          log = await logVerifier(options.logKey);
          copies = await Promise.all(
            options.witnessCopy.map(async (file) => ({
              source: `witness copy ${file}`,
              note: await readFile(file, 'utf8'),
            })),
          );
        } catch (error) {
          fail(UNKNOWN, `audit log: could not check: ${(error as Error).message}`);
          return;
        }
        const database = await openDatabase(config, await quietLogger());
        try {
          const readerUrl = await auditReaderUrl(config, database.serverUrl);
          const result = await verifyAuditLog({
            readerUrl,
            log,
            witnesses: auditWitnessVerifiers(config),
            stateDir: options.state ?? path.join(config.home, 'audit-verify'),
            full: options.full,
            witnessCopies: copies,
          });
          result.lines.forEach((line) => console.log(`  ${line}`));
          const chain = await verifyAuditChain(readerUrl).catch(() => undefined);
          if (chain) {
            console.log(`${describeChain(chain)} (the database's own check, for comparison)`);
          }
          if (result.verdict === 'holds') {
            console.log(`audit log holds: ${result.verifiedSize} records under signed checkpoints`);
          } else if (result.verdict === 'broken') {
            console.log(`audit log BROKEN: ${result.problem}`);
          } else {
            console.log(`audit log: could not check: ${result.problem}`);
          }
          const broken = result.verdict === 'broken' || chain?.verified === false;
          process.exitCode = broken ? BROKEN : result.verdict === 'holds' ? HOLDS : UNKNOWN;
        } finally {
          await database.stop();
        }
      },
    );

  audit
    .command('witness')
    .description('co-sign the hub’s checkpoints after checking each extends the last one co-signed')
    .requiredOption('--gateway <url>', 'the hub gateway’s URL')
    .requiredOption('--log-key <vkey>', 'the hub log’s public key (hub audit key prints it)')
    .requiredOption('--key-file <file>', 'this witness’s private key (hub audit key --witness)')
    .requiredOption('--state <dir>', 'this witness’s own directory (its copy of the checkpoint)')
    .option('--once', 'one round, then exit (0 co-signed or unchanged, 1 alert, 2 unavailable)')
    .option('--interval <seconds>', 'seconds between rounds', seconds, 10)
    .action(
      async (options: {
        gateway: string;
        logKey: string;
        keyFile: string;
        state: string;
        once?: boolean;
        interval: number;
      }) => {
        const { readFile } = await import('node:fs/promises');
        const { parseSignerKey, parseVerifierKey } = await import('../../schema/signed-note.js');
        const { witnessOnce } = await import('../../tools/audit-log/witness.js');
        let witness;
        try {
          witness = {
            gatewayUrl: options.gateway,
            log: parseVerifierKey(options.logKey),
            signer: parseSignerKey((await readFile(options.keyFile, 'utf8')).trim()),
            stateDir: options.state,
          };
        } catch (error) {
          fail(UNKNOWN, `hub audit witness: ${(error as Error).message}`);
          return;
        }
        for (;;) {
          const outcome = await witnessOnce(witness);
          if (outcome.kind === 'alert') {
            fail(BROKEN, `ALERT: ${outcome.message}; refusing to co-sign`);
            return;
          }
          if (options.once) {
            if (outcome.kind === 'unavailable') {
              fail(UNKNOWN, `hub audit witness: ${outcome.message}`);
            } else {
              console.log(outcome.message);
            }
            return;
          }
          (outcome.kind === 'unavailable' ? console.error : console.log)(
            `${new Date().toISOString()} ${outcome.message}`,
          );
          await new Promise((resolve) => setTimeout(resolve, options.interval * 1000));
        }
      },
    );

  audit
    .command('prove')
    .description('print a proof bundle (JSON) that audit record RECORD is in the signed log')
    .argument('<record>', 'the record’s number (its id in accessLog)')
    .action(async (record: string) => {
      const { hubConfig } = await import('../../platform/config.js');
      const { auditReaderUrl, openDatabase } = await import('../../platform/database/server.js');
      const { ProofError, proveRecord } = await import('../../tools/audit-log/proof.js');
      const config = hubConfig();
      const database = await openDatabase(config, await quietLogger());
      try {
        const bundle = await proveRecord(await auditReaderUrl(config, database.serverUrl), record);
        console.log(JSON.stringify(bundle, null, 2));
      } catch (error) {
        fail(
          error instanceof ProofError ? BROKEN : UNKNOWN,
          `hub audit prove: ${error instanceof ProofError ? `${error.code}: ` : ''}${(error as Error).message}`,
        );
      } finally {
        await database.stop();
      }
    });

  audit
    .command('check-proof')
    .description('check a proof bundle offline, with only the log’s public key')
    .argument('<file>', 'the bundle hub audit prove printed')
    .option('--log-key <vkey>', 'the log’s public key (default: from the hub’s configuration)')
    .action(async (file: string, options: { logKey?: string }) => {
      const { readFile } = await import('node:fs/promises');
      const { checkProof, ProofError } = await import('../../tools/audit-log/proof.js');
      try {
        const bundle: unknown = JSON.parse(await readFile(file, 'utf8'));
        const { record, size, index } = checkProof(bundle, await logVerifier(options.logKey));
        console.log(
          `proof holds: record ${record[1]} (request ${record[3]}, ${record[21]}, at ${record[2]}) is leaf ${index} of checkpoint ${size}`,
        );
      } catch (error) {
        fail(
          error instanceof ProofError && error.code === 'BAD_PROOF' ? BROKEN : UNKNOWN,
          `proof does NOT hold: ${(error as Error).message}`,
        );
      }
    });

  return audit;
}
