/*
 * What a superuser of the audit database can do to the trail, and what catches it: the built
 * `hub audit verify` (as a process, as the store's reader role) and an agency's witness
 * (`hub audit witness`, as a process, with its own key and state directory), against a running
 * hub over HTTP and a real PostgreSQL. The database's own check, `audit.verify_chain()`, is shown
 * to be fooled each time; the Merkle log is not, and the message names what changed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type pg from 'pg';

import { auditCheckpointVerifier } from '../../platform/keys.js';
import { COSIGNATURE_V1, generateSignerKey, parseSignerKey } from '../../schema/signed-note.js';
import { withAdmin } from '../support/database.js';
import { startTestHub, TEST_PASSWORD_ENV, type TestHub } from '../support/hub.js';
import { runHub } from '../support/processes.js';

let hub: TestHub;
let auditDb: string;
let base: string;
let dir: string;
let logKey: string;
const witnessKey = generateSignerKey('witness.customs-agency', COSIGNATURE_V1);

const RECOMPUTE_CHAIN = `DO $$
  DECLARE r audit.access_log; prev text := repeat('0', 64);
  BEGIN
    FOR r IN SELECT * FROM audit.access_log ORDER BY seq LOOP
      r.prev_hash := prev;
      r.hash := audit.row_hash(r);
      UPDATE audit.access_log SET prev_hash = r.prev_hash, hash = r.hash WHERE seq = r.seq;
      prev := r.hash;
    END LOOP;
    UPDATE audit.chain_head SET hash = prev WHERE id = 1;
  END $$`;

function env(): Record<string, string> {
  return {
    DATABASE_URL: hub.config.database.url ?? '',
    HUB_DB_PREFIX: hub.config.database.prefix,
    HUB_HOME: hub.config.home,
    LOG_LEVEL: 'silent',
    HUB_AUDIT_WITNESS_KEYS: parseSignerKey(witnessKey).text,
    ...TEST_PASSWORD_ENV,
  };
}

const verify = (...args: string[]) =>
  runHub(['audit', 'verify', '--state', path.join(dir, 'verifier'), ...args], env());

const witness = () =>
  runHub(
    [
      'audit',
      'witness',
      '--once',
      '--gateway',
      base,
      '--log-key',
      logKey,
      '--key-file',
      path.join(dir, 'witness.key'),
      '--state',
      path.join(dir, 'witness'),
    ],
    env(),
  );

async function traffic(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await hub.query('{ __typename }');
  }
}

async function checkpointSize(): Promise<number> {
  const response = await fetch(`${base}/audit/checkpoint`);
  return response.ok ? Number((await response.text()).split('\n')[1]) : 0;
}

async function records(): Promise<number> {
  return withAdmin(auditDb, async (db) =>
    Number((await db.query('SELECT count(*) AS n FROM audit.access_log')).rows[0].n),
  );
}

/** Waits until the gateway's checkpoint covers `size` records. */
async function checkpointed(size: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await checkpointSize()) !== size) {
    if (Date.now() > deadline) {
      throw new Error(`no checkpoint of size ${size} (latest ${await checkpointSize()})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const asSuperuser = <T>(work: (db: pg.Client) => Promise<T>) =>
  withAdmin(auditDb, async (db) => {
    await db.query('SET session_replication_role = replica');
    return work(db);
  });

const chainSaysHolds = () =>
  withAdmin(
    auditDb,
    async (db) => (await db.query('SELECT verified FROM audit.verify_chain()')).rows[0].verified,
  );

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hub-audit-tamper-'));
  await writeFile(path.join(dir, 'witness.key'), witnessKey, { mode: 0o600 });
  hub = await startTestHub({
    env: {
      HUB_AUDIT_CHECKPOINT_INTERVAL: '0.2',
      HUB_AUDIT_WITNESS_KEYS: parseSignerKey(witnessKey).text,
    },
  });
  auditDb = hub.databases.audit ?? '';
  base = hub.gatewayUrl.replace(/\/graphql$/, '');
  logKey = (await auditCheckpointVerifier(hub.config)).text;
  await traffic(30);
  await checkpointed(await records());
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a database superuser cannot rewrite the audit trail unnoticed', () => {
  let seqs: string[];
  let witnessed: number;

  it('holds before anything is touched: verify, witness, co-signature stored', async () => {
    const first = await verify();
    expect(first.output).toContain('audit log holds');
    expect(first.code).toBe(0);
    const cosign = await witness();
    expect(cosign.output).toMatch(/co-signed checkpoint \d+ \(first seen\); co-signature stored/);
    expect(cosign.code).toBe(0);
    // The witness's POST is itself a request, audited like any other.
    await traffic(5);
    await checkpointed(await records());
    const again = await witness();
    const [, size, previous] = /co-signed checkpoint (\d+) \(consistent with (\d+)\)/.exec(
      again.output,
    ) ?? ['', '0', '0'];
    expect(Number(size)).toBeGreaterThan(Number(previous));
    witnessed = Number(size);
    seqs = await withAdmin(auditDb, async (db) =>
      (await db.query<{ seq: string }>('SELECT seq FROM audit.access_log ORDER BY seq')).rows.map(
        (r) => r.seq,
      ),
    );
    await checkpointed(seqs.length);
    expect(await (await fetch(`${base}/audit/checkpoint`)).text()).toMatch(
      /^interagency-hub\.dev\/audit\n\d+\n/,
    );
    const incremental = await verify();
    expect(incremental.output).toMatch(/continuing from checkpoint \d+/);
    expect(incremental.output).toContain('2 stored witness co-signatures hold');
    expect(incremental.code).toBe(0);
  }, 120_000);

  it('proves one record with a bundle checked offline, and refuses an altered bundle', async () => {
    const proved = await runHub(['audit', 'prove', seqs[5] ?? ''], env());
    expect(proved.code).toBe(0);
    const bundle = JSON.parse(proved.output) as { leaf: string; inclusion: string[] };
    expect(bundle.inclusion.length).toBeLessThanOrEqual(Math.ceil(Math.log2(seqs.length)));
    const file = path.join(dir, 'proof.json');
    await writeFile(file, proved.output);
    const offline = { PATH: process.env.PATH ?? '', HUB_HOME: path.join(dir, 'nowhere') };
    const checked = await runHub(['audit', 'check-proof', file, '--log-key', logKey], offline);
    expect(checked.output).toContain(`proof holds: record ${seqs[5]} `);
    expect(checked.code).toBe(0);
    const leaf = Buffer.from(bundle.leaf, 'base64')
      .toString()
      .replace(`"${seqs[5]}"`, `"${seqs[6]}"`);
    await writeFile(
      file,
      JSON.stringify({ ...bundle, leaf: Buffer.from(leaf).toString('base64') }),
    );
    const altered = await runHub(['audit', 'check-proof', file, '--log-key', logKey], offline);
    expect(altered.code).toBe(1);
    expect(altered.output).toContain('proof does NOT hold');
    const missing = await runHub(['audit', 'prove', '99999999'], env());
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.output).toContain('RECORD_NOT_FOUND');
  }, 120_000);

  it('alter one record and recompute every later chain hash and the head: verify names it', async () => {
    const target = seqs[7] ?? '';
    const original = await withAdmin(
      auditDb,
      async (db) =>
        (await db.query('SELECT sub FROM audit.access_log WHERE seq = $1', [target])).rows[0].sub,
    );
    await asSuperuser(async (db) => {
      await db.query("UPDATE audit.access_log SET sub = 'someone-else' WHERE seq = $1", [target]);
      await db.query(RECOMPUTE_CHAIN);
    });
    expect(await chainSaysHolds()).toBe(true);
    const result = await verify('--full');
    expect(result.code).toBe(1);
    expect(result.output).toContain(`audit log BROKEN: record ${target} (leaf 7) was altered`);
    await asSuperuser(async (db) => {
      await db.query('UPDATE audit.access_log SET sub = $2 WHERE seq = $1', [target, original]);
      await db.query(RECOMPUTE_CHAIN);
    });
    expect((await verify('--full')).code).toBe(0);
  }, 120_000);

  it('redefine audit.verify_chain() to answer true: verify does not ask it', async () => {
    const target = seqs[3] ?? '';
    const original = await withAdmin(
      auditDb,
      async (db) =>
        (await db.query('SELECT http_status FROM audit.access_log WHERE seq = $1', [target]))
          .rows[0].http_status,
    );
    await asSuperuser(async (db) => {
      await db.query(`CREATE OR REPLACE FUNCTION audit.verify_chain()
        RETURNS TABLE (verified boolean, length bigint, head_hash text, first_broken_seq bigint, problem text)
        LANGUAGE sql AS $$ SELECT true, 0::bigint, ''::text, NULL::bigint, NULL::text $$`);
      await db.query('UPDATE audit.access_log SET http_status = 299 WHERE seq = $1', [target]);
    });
    expect(await chainSaysHolds()).toBe(true);
    const result = await verify('--full');
    expect(result.code).toBe(1);
    expect(result.output).toContain(`record ${target} (leaf 3) was altered`);
    await asSuperuser(async (db) => {
      await db.query('UPDATE audit.access_log SET http_status = $2 WHERE seq = $1', [
        target,
        original,
      ]);
    });
  }, 120_000);

  it('delete the last records: verify names the first missing one', async () => {
    const removed = seqs.slice(-3);
    await asSuperuser(async (db) => {
      await db.query(
        'CREATE TABLE public.removed AS SELECT * FROM audit.access_log WHERE seq = ANY($1)',
        [removed],
      );
      await db.query('DELETE FROM audit.access_log WHERE seq = ANY($1)', [removed]);
    });
    const result = await verify('--full');
    expect(result.code).toBe(1);
    expect(result.output).toContain(`the first missing is record ${removed[0]}`);
  }, 120_000);

  it('…and the checkpoints that covered them: the verifier’s state and the witness both notice', async () => {
    const kept = seqs.length - 3;
    await asSuperuser(async (db) => {
      await db.query('BEGIN');
      await db.query('DELETE FROM audit.cosignatures WHERE size > $1', [kept]);
      await db.query('DELETE FROM audit.checkpoints WHERE size > $1', [kept]);
      const left = Number(
        (await db.query('SELECT coalesce(max(size), 0) AS n FROM audit.checkpoints')).rows[0].n,
      );
      // Every stored node past the last kept checkpoint, so the gateway can extend it again.
      await db.query('DELETE FROM audit.log_nodes WHERE (idx + 1) * (1::bigint << level) > $1', [
        left,
      ]);
      await db.query('COMMIT');
    });
    // The gateway extends the cut log: a checkpoint of the records that are left.
    await checkpointed(kept);
    const fresh = await runHub(
      ['audit', 'verify', '--full', '--state', path.join(dir, 'fresh')],
      env(),
    );
    // A verifier with no memory sees a consistent, shorter log…
    expect(fresh.output).toContain(`audit log holds: ${kept} records`);
    // …but one that verified before knows the checkpoint it verified is gone,
    const remembered = await verify();
    expect(remembered.code).toBe(1);
    expect(remembered.output).toMatch(/checkpoint \d+, verified earlier, is gone in the store/);
    // the witness's copy is longer than anything the store holds,
    const withCopy = await runHub(
      [
        'audit',
        'verify',
        '--full',
        '--state',
        path.join(dir, 'fresh2'),
        '--witness-copy',
        path.join(dir, 'witness', 'checkpoint'),
      ],
      env(),
    );
    expect(withCopy.code).toBe(1);
    expect(withCopy.output).toContain(
      `co-signed by witness.customs-agency) holds checkpoint ${witnessed}, but the store's records verify only up to ${kept}`,
    );
    // and the witness refuses the shorter history the gateway now shows.
    const shown = await witness();
    expect(shown.code).toBe(1);
    expect(shown.output).toContain(
      `ALERT: the log shows an older, shorter history: checkpoint ${kept}, but this witness co-signed ${witnessed}`,
    );
  }, 180_000);

  it('a forked history (a record altered, the whole tree re-signed) is refused by the witness', async () => {
    await asSuperuser(async (db) => {
      await db.query('BEGIN');
      await db.query('INSERT INTO audit.access_log SELECT * FROM public.removed');
      await db.query("UPDATE audit.access_log SET agency = 'FORGED' WHERE seq = $1", [seqs[1]]);
      await db.query(RECOMPUTE_CHAIN);
      await db.query('DELETE FROM audit.cosignatures');
      await db.query('DELETE FROM audit.checkpoints');
      await db.query('DELETE FROM audit.log_nodes');
      await db.query('COMMIT');
    });
    // The gateway, finding no checkpoint, signs a new tree over what the store now holds.
    await checkpointed(await records());
    const shown = await witness();
    expect(shown.code).toBe(1);
    expect(shown.output).toMatch(
      /ALERT: the log shows a forked history: two different roots for size \d+|is not consistent with checkpoint \d+ this witness co-signed/,
    );
    expect(await readFile(path.join(dir, 'witness', 'checkpoint'), 'utf8')).toContain(
      `\n${witnessed}\n`,
    );
    const remembered = await verify();
    expect(remembered.code).toBe(1);
    expect(remembered.output).toMatch(/verified earlier, is (changed|gone) in the store/);
  }, 180_000);
});
