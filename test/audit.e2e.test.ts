/* The audit trail through the real gateway: one record per request, one chain, tamper-evident, fail-closed. */
import { randomUUID } from 'node:crypto';

import { auditWriterUrl } from '../platform/database/server.js';

import { withAdmin } from './support/database.js';
import { postGraphQL, startTestHub, TEST_PASSWORD_ENV, type TestHub } from './support/hub.js';
import { runHub } from './support/processes.js';

let hub: TestHub;
let auditDb: string;
let analyst: string;

interface Row {
  request_id: string;
  client_request_id: string | null;
  outcome: string;
  http_status: number;
  sub: string | null;
  purpose: string | null;
  fields_denied: { coordinate: string; path: (string | number)[] }[];
  records_accessed: { type: string; id: string }[];
  error_codes: string[];
  operation_name: string | null;
  document_hash: string | null;
}

async function rowsFor(ids: string[]): Promise<Map<string, Row>> {
  const rows = await withAdmin(
    auditDb,
    async (client) =>
      (
        await client.query<Row>(
          `SELECT * FROM audit.access_log
            WHERE (request_id = ANY($1) OR client_request_id = ANY($1)) AND outcome <> 'PENDING'`,
          [ids],
        )
      ).rows,
  );
  return new Map(rows.map((row) => [row.client_request_id ?? row.request_id, row]));
}

async function chain() {
  return withAdmin(
    auditDb,
    async (client) => (await client.query('SELECT * FROM audit.verify_chain()')).rows[0],
  );
}

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  auditDb = hub.databases.audit ?? '';
  analyst = await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-7' });
});
afterAll(() => hub?.stop());

const send = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  postGraphQL(hub.gatewayUrl, body, {
    'x-request-id': id,
    'x-purpose': 'INVESTIGATION',
    ...headers,
  });

describe('one audit record per gateway request', () => {
  it('records every kind of request with the right outcome and records accessed', async () => {
    const auditor = await hub.token({ roles: ['auditor'] });
    const ids = Object.fromEntries(
      ['ok', 'partial', 'denied', 'unauthenticated', 'malformed', 'badPurpose', 'limit'].map(
        (k) => [k, `audit-${k}-${randomUUID()}`],
      ),
    );
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const found = await hub.query<{
      caseByNumber: { id: string; suspects: { person: { id: string } }[] } | null;
    }>('{ caseByNumber(caseNumber: "ND-2026-0001") { id suspects { person { id } } } }', {
      token: analyst,
    });
    const caseId = found.body.data?.caseByNumber?.id ?? '';
    const personId = found.body.data?.caseByNumber?.suspects[0]?.person.id ?? '';
    expect(caseId).toMatch(/^[\w-]{22}$/);
    expect(personId).toMatch(/^[\w-]{22}$/);
    const ok = await send(
      ids.ok ?? '',
      {
        query:
          'query($id: ID!) { case(id: $id) { id caseNumber suspects { person { id fullName } } } }',
        variables: { id: caseId },
        operationName: null,
      },
      { ...bearer(analyst), 'x-purpose': 'INVESTIGATION:ND-2026-0001' },
    );
    const partial = await send(
      ids.partial ?? '',
      {
        query: 'query Pii($id: ID!) { person(id: $id) { fullName nationalId } }',
        variables: { id: personId },
      },
      bearer(analyst),
    );
    const denied = await send(
      ids.denied ?? '',
      { query: '{ cases(first: 1) { totalCount } }' },
      bearer(auditor),
    );
    const unauthenticated = await send(ids.unauthenticated ?? '', {
      query: '{ cases { totalCount } }',
    });
    const malformed = await send(ids.malformed ?? '', { query: '{ cases( ' }, bearer(analyst));
    const badPurpose = await send(
      ids.badPurpose ?? '',
      { query: '{ cases { totalCount } }' },
      { ...bearer(analyst), 'x-purpose': 'CURIOSITY' },
    );
    const limit = await send(
      ids.limit ?? '',
      {
        query: `query($id: ID!) { ${Array.from({ length: 12 }, (_, i) => `a${i}: case(id: $id) { id }`).join(' ')} }`,
        variables: { id: caseId },
      },
      bearer(analyst),
    );
    expect([
      ok.status,
      partial.status,
      denied.status,
      unauthenticated.status,
      malformed.status,
      badPurpose.status,
      limit.status,
    ]).toEqual([200, 200, 403, 401, 400, 400, 400]);
    expect(ok.body.data).toMatchObject({ case: { id: caseId, caseNumber: 'ND-2026-0001' } });
    expect(partial.body.data).toEqual({
      person: { fullName: expect.any(String), nationalId: null },
    });

    const rows = await rowsFor(Object.values(ids));
    expect(rows.size).toBe(7);
    const okRow = rows.get(ids.ok ?? '');
    expect(okRow).toMatchObject({
      outcome: 'OK',
      http_status: 200,
      sub: 'analyst-7',
      purpose: 'INVESTIGATION',
    });
    expect(okRow?.records_accessed).toEqual(
      expect.arrayContaining([
        { type: 'Case', id: caseId },
        { type: 'Person', id: personId },
      ]),
    );
    expect(okRow?.document_hash).toMatch(/^[0-9a-f]{64}$/);
    const partialRow = rows.get(ids.partial ?? '');
    expect(partialRow).toMatchObject({ outcome: 'PARTIAL', operation_name: 'Pii' });
    expect(partialRow?.fields_denied).toEqual([
      expect.objectContaining({ coordinate: 'Person.nationalId', path: ['person', 'nationalId'] }),
    ]);
    expect(rows.get(ids.denied ?? '')).toMatchObject({ outcome: 'DENIED', http_status: 403 });
    expect(rows.get(ids.unauthenticated ?? '')).toMatchObject({
      outcome: 'DENIED',
      http_status: 401,
      sub: null,
    });
    expect(rows.get(ids.malformed ?? '')).toMatchObject({ outcome: 'ERROR', http_status: 400 });
    expect(rows.get(ids.badPurpose ?? '')).toMatchObject({
      outcome: 'ERROR',
      http_status: 400,
      purpose: 'CURIOSITY',
    });
    expect(rows.get(ids.limit ?? '')?.error_codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('200 concurrent requests make 200 records in one unbroken chain', async () => {
    const before = await chain();
    const ids = Array.from({ length: 200 }, () => `audit-concurrent-${randomUUID()}`);
    const results = await Promise.all(
      ids.map((id) =>
        send(
          id,
          { query: '{ cases(first: 2) { edges { node { id } } } }' },
          { authorization: `Bearer ${analyst}` },
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await rowsFor(ids)).size).toBe(200);
    const after = await chain();
    expect(after.verified).toBe(true);
    expect(Number(after.length)).toBeGreaterThanOrEqual(Number(before.length) + 200);
  });

  it('auditors read the trail through the audit subgraph, and that read is audited too', async () => {
    const auditor = await hub.token({ roles: ['auditor'], sub: 'auditor-1' });
    const id = `audit-read-${randomUUID()}`;
    const { body } = await send(
      id,
      {
        query:
          '{ accessLog(filter: { officer: "analyst-7" }, first: 3) { totalCount edges { node { id requestId outcome principal { sub } recordsAccessed { type id } hash prevHash } } } auditIntegrity { verified length } }',
      },
      { authorization: `Bearer ${auditor}`, 'x-purpose': 'AUDIT' },
    );
    expect(body.errors).toBeUndefined();
    const data = body.data as {
      accessLog: { totalCount: number; edges: { node: { principal: { sub: string } } }[] };
      auditIntegrity: { verified: boolean };
    };
    expect(data.accessLog.totalCount).toBeGreaterThan(200);
    expect(data.accessLog.edges[0]?.node.principal.sub).toBe('analyst-7');
    expect(data.auditIntegrity.verified).toBe(true);
    expect((await rowsFor([id])).get(id)).toMatchObject({
      outcome: 'OK',
      sub: 'auditor-1',
      purpose: 'AUDIT',
    });
  });
});

describe('append-only and tamper-evident', () => {
  it('the hub’s own writer role cannot change or delete anything', async () => {
    const writer = await auditWriterUrl(hub.config);
    await withAdmin(writer, async (client) => {
      await expect(client.query("UPDATE audit.access_log SET outcome = 'OK'")).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('DELETE FROM audit.access_log')).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('TRUNCATE audit.access_log')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT count(*) FROM audit.access_log')).rejects.toThrow(
        /permission denied/,
      );
    });
  });

  it('even a superuser is refused by the database unless triggers are bypassed', async () => {
    await withAdmin(auditDb, async (client) => {
      await expect(client.query("UPDATE audit.access_log SET outcome = 'OK'")).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query('DELETE FROM audit.access_log')).rejects.toThrow(/append-only/);
      await expect(client.query('TRUNCATE audit.access_log')).rejects.toThrow(/append-only/);
    });
  });

  it('hub audit verify names an altered, a removed and a reordered record', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: hub.config.database.url ?? '',
      HUB_DB_PREFIX: hub.config.database.prefix,
      HUB_HOME: hub.config.home,
      LOG_LEVEL: 'silent',
      ...TEST_PASSWORD_ENV,
    };
    expect(await runHub(['audit', 'verify'], env)).toMatchObject({ code: 0 });
    await withAdmin(auditDb, async (admin) => {
      const seqs = (
        await admin.query<{ seq: string }>('SELECT seq FROM audit.access_log ORDER BY seq LIMIT 10')
      ).rows.map((r) => r.seq);
      // Behind the hub's back: a superuser who switches triggers off.
      await admin.query('SET session_replication_role = replica');
      const verify = async () => {
        const result = await runHub(['audit', 'verify'], env);
        return { ...result, state: await chain() };
      };

      const original = (
        await admin.query('SELECT http_status FROM audit.access_log WHERE seq = $1', [seqs[3]])
      ).rows[0];
      await admin.query(
        'UPDATE audit.access_log SET http_status = http_status + 1 WHERE seq = $1',
        [seqs[3]],
      );
      const altered = await verify();
      expect(altered.code).toBe(1);
      expect(altered.output).toContain(`BROKEN at record ${seqs[3]}: this record was altered`);
      await admin.query('UPDATE audit.access_log SET http_status = $2 WHERE seq = $1', [
        seqs[3],
        original.http_status,
      ]);
      expect((await verify()).code).toBe(0);

      await admin.query(
        'CREATE TEMP TABLE removed AS SELECT * FROM audit.access_log WHERE seq = $1',
        [seqs[6]],
      );
      await admin.query('DELETE FROM audit.access_log WHERE seq = $1', [seqs[6]]);
      const removed = await verify();
      expect(removed.code).toBe(1);
      expect(removed.state).toMatchObject({ verified: false, first_broken_seq: seqs[7] });
      expect(removed.output).toContain('removed');
      await admin.query('INSERT INTO audit.access_log SELECT * FROM removed');
      expect((await verify()).code).toBe(0);

      const swap = async (a: string, b: string) => {
        await admin.query('UPDATE audit.access_log SET seq = -1 WHERE seq = $1', [a]);
        await admin.query('UPDATE audit.access_log SET seq = $1 WHERE seq = $2', [a, b]);
        await admin.query('UPDATE audit.access_log SET seq = $1 WHERE seq = -1', [b]);
      };
      await swap(seqs[4] ?? '', seqs[5] ?? '');
      const reordered = await verify();
      expect(reordered.code).toBe(1);
      expect(reordered.state).toMatchObject({ verified: false, first_broken_seq: seqs[4] });
      await swap(seqs[4] ?? '', seqs[5] ?? '');
      expect((await verify()).code).toBe(0);
    });
    // Seven `hub` processes one after another: on a loaded shared machine each takes seconds.
  }, 180_000);

  it('hub audit verify only reads: the gateway is the store’s only writer', async () => {
    const count = () =>
      withAdmin(auditDb, async (client) =>
        Number((await client.query('SELECT count(*) AS n FROM audit.access_log')).rows[0].n),
      );
    const before = await count();
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: hub.config.database.url ?? '',
      HUB_DB_PREFIX: hub.config.database.prefix,
      HUB_HOME: hub.config.home,
      LOG_LEVEL: 'silent',
      ...TEST_PASSWORD_ENV,
    };
    expect(await runHub(['audit', 'verify'], env)).toMatchObject({ code: 0 });
    expect(await count()).toBe(before);
  });
});

describe('fail closed', () => {
  it('answers 503 AUDIT_UNAVAILABLE with no data while the audit store is down, and recovers by itself', async () => {
    const name = new URL(auditDb).pathname.slice(1);
    const server = hub.config.database.url ?? '';
    await withAdmin(server, async (client) => {
      await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    });
    try {
      const down = await send(
        `audit-down-${randomUUID()}`,
        { query: '{ cases(first: 1) { edges { node { caseNumber } } } }' },
        { authorization: `Bearer ${analyst}` },
      );
      expect(down.status).toBe(503);
      expect(down.body.data).toBeUndefined();
      expect(down.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(down.body)).not.toContain('ND-');
    } finally {
      await withAdmin(server, (client) =>
        client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
      );
    }
    const id = `audit-back-${randomUUID()}`;
    const back = await send(
      id,
      { query: '{ cases(first: 1) { edges { node { caseNumber } } } }' },
      { authorization: `Bearer ${analyst}` },
    );
    expect(back.status).toBe(200);
    expect((await rowsFor([id])).get(id)).toMatchObject({ outcome: 'OK' });
  });

  it('a subgraph that is down yields an audited ERROR, not a crashed gateway', async () => {
    await hub.stopSubgraph('narcotics');
    const id = `audit-subgraph-down-${randomUUID()}`;
    const { status, body } = await send(
      id,
      { query: '{ cases(first: 1) { totalCount } }' },
      { authorization: `Bearer ${analyst}` },
    );
    expect(status).toBe(200);
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect((await rowsFor([id])).get(id)).toMatchObject({ outcome: 'ERROR' });
    expect((await fetch(hub.gatewayUrl.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
