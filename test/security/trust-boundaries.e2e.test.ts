/*
 * The trust boundaries behind the gateway: a captured internal context is useless on another
 * hop, with another body, a second time or late; each database admits only its own subgraph's
 * roles, each with a secret of its own; and no protected field is read without a stated purpose.
 */
import pg from 'pg';

import { urlForRole } from '../../platform/database/provision.js';
import { databaseContextKeys, gatewayKeys } from '../../platform/keys.js';
import { scopesForRoles } from '../../schema/access.js';
import { DATABASE_ROLES } from '../../schema/database-roles.js';
import { withAdmin } from '../support/database.js';
import { postText, startTestHub, testPassword, type TestHub } from '../support/hub.js';
import { postToSubgraph, type SignedCall } from '../support/internal-context.js';
import { rawRequest } from '../support/raw-http.js';

let hub: TestHub;
let call: (overrides: Partial<SignedCall>) => SignedCall;

const judicial = {
  principal: {
    sub: 'judge-1',
    agency: 'GS-JUV',
    province: 'GS',
    roles: ['juvenile_officer'],
    scopes: scopesForRoles(['juvenile_officer']),
  },
  purpose: { code: 'JUDICIAL' as const, reference: 'court-order-1' },
  requestId: 'captured-1',
};
const records = { query: '{ juvenileRecords(first: 50) { totalCount } }' };

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  const { contextPrivateKey } = await gatewayKeys(hub.config);
  const databaseKey = (await databaseContextKeys(hub.config, 'juvenile')).current;
  call = (overrides) => ({
    url: hub.subgraphUrls.juvenile ?? '',
    audience: 'juvenile',
    key: contextPrivateKey,
    databaseKey,
    context: judicial,
    ...overrides,
  });
}, 120_000);
afterAll(() => hub?.stop());

describe('a captured internal context opens nothing', () => {
  it('works once, for its own subgraph and body', async () => {
    const first = await postToSubgraph(call({}), records);
    expect(first.status).toBe(200);
    const replay = await postToSubgraph(call({ token: first.token }), records);
    expect(replay.status).toBe(401);
    expect(replay.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(replay.body.data ?? null).toBeNull();
  });

  it('is refused by another subgraph', async () => {
    for (const target of ['narcotics', 'cyber', 'audit'] as const) {
      const captured = await postToSubgraph(
        call({ url: hub.subgraphUrls[target] ?? '', audience: 'juvenile' }),
        records,
      );
      expect(captured.status).toBe(401);
    }
  });

  it('is refused with another body, however small the change', async () => {
    const signedFor = JSON.stringify({ query: '{ juvenileRecords(first: 1) { totalCount } }' });
    const answer = await postToSubgraph(call({ signedBody: signedFor }), records);
    expect(answer.status).toBe(401);
    const withSpace = await postToSubgraph(
      call({ signedBody: `${JSON.stringify(records)} ` }),
      records,
    );
    expect(withSpace.status).toBe(401);
  });

  it('is refused once its few seconds are over, and when signed for the future', async () => {
    expect((await postToSubgraph(call({ at: Date.now() - 15_000 }), records)).status).toBe(401);
    expect((await postToSubgraph(call({ at: Date.now() + 60_000 }), records)).status).toBe(401);
  });
});

describe('a subgraph reached past the gateway', () => {
  it("answers text it cannot store as the caller's input error, not a server error", async () => {
    const answer = await postToSubgraph(
      call({
        url: hub.subgraphUrls.narcotics ?? '',
        audience: 'narcotics',
        databaseKey: (await databaseContextKeys(hub.config, 'narcotics')).current,
      }),
      {
        query: 'query($n: String!) { caseByNumber(caseNumber: $n) { id } }',
        variables: { n: 'GS\u0000-1' },
      },
    );
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).not.toMatch(/0x00|sql|postgres|byte sequence/i);
  });
});

describe('each database admits only its own subgraph’s roles', () => {
  const databaseOf: Record<string, string> = {
    hub_narcotics_app: 'narcotics',
    hub_cyber_app: 'cyber',
    hub_juvenile_app: 'juvenile',
    hub_audit_app: 'audit',
    hub_audit_writer: 'audit',
  };

  async function connectAs(role: string, password: string, database: string) {
    const client = new pg.Client({
      connectionString: urlForRole(hub.databases[database as 'audit'] ?? '', role, password),
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return 'connected';
    } catch (error) {
      return (error as { code?: string }).code ?? 'error';
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  it('refuses every runtime role at every other database', async () => {
    const outcomes: string[] = [];
    for (const [role] of DATABASE_ROLES) {
      for (const database of ['narcotics', 'cyber', 'juvenile', 'audit']) {
        const result = await connectAs(role, testPassword(role), database);
        const own = databaseOf[role] === database;
        outcomes.push(`${role}@${database}: ${result}`);
        expect([role, database, result]).toEqual([role, database, own ? 'connected' : '42501']);
      }
    }
    expect(outcomes).toHaveLength(20);
  });

  it('gives every role a secret of its own', async () => {
    const secrets = DATABASE_ROLES.map(([role]) => testPassword(role));
    expect(new Set(secrets).size).toBe(secrets.length);
    const stored = await withAdmin(
      hub.databases.narcotics ?? '',
      async (client) =>
        (
          await client.query<{ rolname: string; verifies: boolean }>(
            `SELECT rolname, rolpassword IS NOT NULL AS verifies FROM pg_authid
            WHERE rolname = ANY($1)`,
            [DATABASE_ROLES.map(([role]) => role)],
          )
        ).rows,
    );
    expect(stored).toHaveLength(DATABASE_ROLES.length);
    expect(stored.every((row) => row.verifies)).toBe(true);
    // The CI server trusts loopback connections; the embedded one checks passwords for real.
    if (process.env.HUB_TEST_DATABASE_KIND === 'embedded') {
      expect(await connectAs('hub_juvenile_app', testPassword('hub_cyber_app'), 'juvenile')).toBe(
        '28P01',
      );
    }
    const granted = await withAdmin(
      hub.databases.narcotics ?? '',
      async (client) =>
        (
          await client.query<{ public: boolean }>(
            "SELECT has_database_privilege('public', current_database(), 'CONNECT') AS public",
          )
        ).rows[0],
    );
    expect(granted?.public).toBe(false);
  });
});

describe('protected data is read only for a stated purpose', () => {
  it('refuses an operation selecting a protected field without x-purpose, and records it', async () => {
    const token = await hub.token({ roles: ['narcotics_investigator'], sub: 'no-purpose-1' });
    const routes = [
      '{ persons(first: 1) { edges { node { nationalId } } } }',
      '{ cases(first: 1) { totalCount } }',
      'query { ... on Query { chatRooms(first: 1) { totalCount } } }',
      'query($x: Boolean = true) { person(id: "x") @include(if: $x) { id } }',
    ];
    const ids: string[] = [];
    for (const query of routes) {
      const answer = await postText(hub.gatewayUrl, JSON.stringify({ query }), {
        authorization: `Bearer ${token}`,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
      expect(answer.body.data ?? null).toBeNull();
      ids.push(answer.headers.get('x-request-id') ?? '');
    }
    const free = await postText(hub.gatewayUrl, JSON.stringify({ query: '{ __typename }' }), {
      authorization: `Bearer ${token}`,
    });
    expect(free.status).toBe(200);
    const rows = await withAdmin(
      hub.databases.audit ?? '',
      async (client) =>
        (
          await client.query<{ error_codes: string[]; purpose: string | null; sub: string }>(
            'SELECT error_codes, purpose, sub FROM audit.access_log WHERE request_id = ANY($1)',
            [ids],
          )
        ).rows,
    );
    expect(rows).toHaveLength(routes.length);
    expect(rows.every((row) => row.error_codes.includes('PURPOSE_REQUIRED'))).toBe(true);
    expect(rows.every((row) => row.purpose === null && row.sub === 'no-purpose-1')).toBe(true);
  });
});

describe('a purpose is one readable statement', () => {
  /** A sealed-record count asked with the raw header lines given, through a raw socket. */
  async function sealedCount(purposeLines: readonly string[]) {
    const token = await hub.token({ roles: ['juvenile_officer'], sub: 'judge-raw-1' });
    const body = JSON.stringify({
      query: '{ juvenileRecords(filter: { sealed: true }) { totalCount } }',
    });
    const head = [
      'POST /graphql HTTP/1.1',
      `Host: 127.0.0.1:${new URL(hub.gatewayUrl).port}`,
      `Authorization: Bearer ${token}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...purposeLines,
      'Connection: close',
    ];
    const answer = await rawRequest(
      Number(new URL(hub.gatewayUrl).port),
      Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]),
    );
    const json = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as {
      data?: { juvenileRecords: { totalCount: number } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return { status: answer.status, json };
  }

  it('opens sealed records for a reference an auditor can read', async () => {
    const { status, json } = await sealedCount(['x-purpose: JUDICIAL:(2026) Court order 17']);
    expect(status).toBe(200);
    expect(json.data?.juvenileRecords.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['an invisible reference (a C1 control)', ['x-purpose: JUDICIAL:\x85']],
    ['a reference of punctuation only', ['x-purpose: JUDICIAL:-']],
    ['two purposes in two headers', ['x-purpose: INVESTIGATION', 'x-purpose: JUDICIAL:order-1']],
  ])('refuses %s with 400 and opens nothing', async (_name, lines) => {
    const { status, json } = await sealedCount(lines);
    expect(status).toBe(400);
    expect(json.data ?? null).toBeNull();
    expect(json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
