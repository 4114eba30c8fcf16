/*
 * Two gateway replicas writing the audit trail at once, each with its own checkpointer: there is
 * one tree (every checkpoint either replica signs or serves extends the one before it), and it
 * holds against the records.
 */
import { startGatewayServer, type RunningServer } from '../hub/services.js';
import { auditReaderUrl } from '../platform/database/server.js';
import { auditCheckpointVerifier } from '../platform/keys.js';
import { createLogger } from '../platform/logger.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../schema/merkle-log.js';
import { openCheckpoint, type NoteVerifier } from '../schema/signed-note.js';
import { verifyAuditLog } from '../tools/audit-log/verify.js';

import { withAdmin } from './support/database.js';
import { postGraphQL, startTestHub, type TestHub } from './support/hub.js';

let hub: TestHub;
let second: RunningServer;
let log: NoteVerifier;

beforeAll(async () => {
  hub = await startTestHub({ env: { HUB_AUDIT_CHECKPOINT_INTERVAL: '0.1' } });
  second = await startGatewayServer(hub.config, createLogger('silent', 'test'), {
    port: 0,
    serverUrl: hub.config.database.url,
    subgraphUrls: hub.subgraphUrls,
  });
  log = await auditCheckpointVerifier(hub.config);
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await hub?.stop();
});

const base = (url: string) => url.replace(/\/graphql$/, '');

async function proofBetween(from: number, to: number): Promise<Buffer[]> {
  const response = await fetch(`${base(hub.gatewayUrl)}/audit/consistency?from=${from}&to=${to}`);
  expect(response.status).toBe(200);
  return (await response.text())
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Buffer.from(line, 'base64'));
}

it('two replicas writing at once make one tree; every checkpoint extends the one before', async () => {
  const gateways = [hub.gatewayUrl, second.url];
  const seen = new Map<number, string>();
  let writing = true;
  const watch = (async () => {
    while (writing) {
      for (const url of gateways) {
        const response = await fetch(`${base(url)}/audit/checkpoint`);
        if (response.ok) {
          const { checkpoint } = openCheckpoint(await response.text(), log);
          const root = checkpoint.root.toString('base64');
          expect(seen.get(checkpoint.size) ?? root).toBe(root);
          seen.set(checkpoint.size, root);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  })();
  await Promise.all(
    Array.from({ length: 16 }, async (_, client) => {
      for (let i = 0; i < 25; i += 1) {
        const url = gateways[client % 2] as string;
        const result = await postGraphQL(
          url,
          { query: '{ __typename }' },
          { 'x-purpose': 'INVESTIGATION' },
        );
        expect(result.status).toBeLessThan(500);
      }
    }),
  );
  writing = false;
  await watch;

  const records = await withAdmin(hub.databases.audit ?? '', async (db) =>
    Number((await db.query('SELECT count(*) AS n FROM audit.access_log')).rows[0].n),
  );
  expect(records).toBeGreaterThanOrEqual(400);
  const deadline = Date.now() + 30_000;
  let latest = 0;
  while (latest !== records && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const text = await (await fetch(`${base(second.url)}/audit/checkpoint`)).text();
    latest = openCheckpoint(text, log).checkpoint.size;
  }
  expect(latest).toBe(records);

  const stored = await withAdmin(hub.databases.audit ?? '', async (db) =>
    (await db.query<{ note: string }>('SELECT note FROM audit.checkpoints ORDER BY size')).rows.map(
      (row) => openCheckpoint(row.note, log).checkpoint,
    ),
  );
  expect(stored.length).toBeGreaterThan(3);
  for (let i = 1; i < stored.length; i += 1) {
    const [a, b] = [stored[i - 1], stored[i]] as const;
    if (!a || !b) {
      continue;
    }
    expect(b.size).toBeGreaterThan(a.size);
    expect(
      verifyConsistency(a.size, b.size, a.root, b.root, await proofBetween(a.size, b.size)),
    ).toBe(true);
  }
  for (const checkpoint of stored) {
    const watched = seen.get(checkpoint.size);
    expect(watched ?? checkpoint.root.toString('base64')).toBe(checkpoint.root.toString('base64'));
  }

  const verified = await verifyAuditLog({
    readerUrl: await auditReaderUrl(hub.config, hub.config.database.url ?? ''),
    log,
    witnesses: [],
    stateDir: `${hub.config.home}/replica-verify`,
    full: true,
  });
  expect(verified).toMatchObject({ verdict: 'holds', verifiedSize: records });
}, 180_000);

it('auditCheckpoint, auditProof and auditConsistency answer auditors through the gateway', async () => {
  const auditor = await hub.token({ roles: ['auditor'], sub: 'auditor-proofs' });
  const { body } = await hub.query<{
    auditCheckpoint: { size: number; rootHash: string; note: string; lastRecordId: string };
  }>('{ auditCheckpoint { size rootHash note lastRecordId cosignedBy } }', { token: auditor });
  const checkpoint = body.data?.auditCheckpoint;
  expect(checkpoint?.size).toBeGreaterThan(10);
  const opened = openCheckpoint(checkpoint?.note ?? '', log).checkpoint;
  expect(opened.root.toString('base64')).toBe(checkpoint?.rootHash);

  const proof = await hub.query<{
    auditProof: { leafIndex: number; leaf: string; hashes: string[]; checkpoint: { note: string } };
  }>(
    /* GraphQL */ `
      query ($id: ID!) {
        auditProof(recordId: $id) {
          leafIndex
          leaf
          hashes
          checkpoint {
            note
          }
        }
      }
    `,
    { token: auditor, variables: { id: checkpoint?.lastRecordId } },
  );
  const inclusion = proof.body.data?.auditProof;
  const signed = openCheckpoint(inclusion?.checkpoint.note ?? '', log).checkpoint;
  // The record closing the first checkpoint; later requests (this one too) may have grown the log.
  expect(inclusion?.leafIndex).toBe((checkpoint?.size ?? 0) - 1);
  expect(signed.size).toBeGreaterThanOrEqual(checkpoint?.size ?? 0);
  expect(
    verifyInclusion(
      inclusion?.leafIndex ?? -1,
      signed.size,
      leafHash(Buffer.from(inclusion?.leaf ?? '', 'base64')),
      (inclusion?.hashes ?? []).map((h) => Buffer.from(h, 'base64')),
      signed.root,
    ),
  ).toBe(true);

  const consistency = await hub.query<{ auditConsistency: { hashes: string[] } }>(
    /* GraphQL */ `{ auditConsistency(fromSize: 3, toSize: ${signed.size}) { hashes } }`,
    { token: auditor },
  );
  expect(consistency.body.data?.auditConsistency.hashes.length).toBeGreaterThan(0);
  const bad = await hub.query(
    /* GraphQL */ `
      {
        auditConsistency(fromSize: 5, toSize: 4) {
          hashes
        }
      }
    `,
    { token: auditor },
  );
  expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

  const analyst = await hub.token({ roles: ['bureau_analyst'] });
  const refused = await hub.query('{ auditCheckpoint { size } }', { token: analyst });
  expect(refused.body.data?.auditCheckpoint ?? null).toBeNull();
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
}, 60_000);
