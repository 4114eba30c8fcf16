/*
 * A stolen runtime-role password opens nothing beyond what an anonymous caller sees (issue 10,
 * finding 11): psql-style, as each subgraph's LOGIN role with only its password, a session sets
 * every `hub.*` setting it likes, forged, expired and other databases' database contexts, and a
 * real gateway-issued one replayed after its few seconds — and the database still refuses other
 * agencies' RED cases and YELLOW detail, sealed juvenile records and writes into another
 * agency's cyber namespace. The audit writer's password neither dates a record nor makes
 * partitions. On the embedded server no runtime role logs into `postgres` or `template1`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import pg from 'pg';

import { startGatewayServer, type RunningServer } from '../../hub/services.js';
import { urlForRole } from '../../platform/database/provision.js';
import { databaseContextKeys, gatewayKeys } from '../../platform/keys.js';
import { createLogger } from '../../platform/logger.js';
import { SCOPES, scopesForRoles } from '../../schema/access.js';
import {
  DATABASE_CONTEXT_SETTING,
  DATABASE_CONTEXT_SUBGRAPHS,
  databaseContextPayload,
  sealDatabaseContext,
  type DatabaseContextSubgraph,
} from '../../schema/database-context.js';
import { AUDIT_WRITER_ROLE, DATABASE_ROLES, roleNames } from '../../schema/database-roles.js';
import { INTERNAL_CONTEXT_HEADER } from '../../schema/internal-context.js';
import { adminUrl, withAdmin } from '../support/database.js';
import { startTestHub, testPassword, type TestHub } from '../support/hub.js';
import { postToSubgraph } from '../support/internal-context.js';
import { asRuntimeRole, vouchedFor, type ContextCaller } from '../support/runtime-role.js';

let hub: TestHub;
const keys = {} as Record<DatabaseContextSubgraph, Buffer>;
/** Agencies owning RED cases in the demo seed, and the demo's sealed records. */
let redOwners: string[];
let sealedTotal: number;

type Settings = Record<string, string>;

const db = (name: DatabaseContextSubgraph | 'audit') => hub.databases[name] ?? '';
const as = <T>(
  name: DatabaseContextSubgraph,
  settings: Settings,
  work: (c: pg.Client) => Promise<T>,
) => asRuntimeRole(db(name), name, settings, work);
const count = async (client: pg.Client, sql: string, params: unknown[] = []) =>
  Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n);

const JUDICIAL = { code: 'JUDICIAL' as const, reference: 'COURT-2026-0001' };
const everything: ContextCaller = { scopes: [...SCOPES], purpose: JUDICIAL };

/** What a session can set without the gateway: every setting the policies ever read, and more. */
function selfSet(agency: string): Settings {
  return {
    'hub.sub': 'intruder',
    'hub.agency': agency,
    'hub.province': 'GS',
    'hub.scopes': ` ${SCOPES.join(' ')} `,
    'hub.purpose': 'JUDICIAL',
    'hub.purpose_reference': 'x',
    'hub.request_id': 'intruder-1',
  };
}

/**
 * Database contexts that vouch for nobody in `name`'s database: a made-up MAC, the right
 * payload under another database's key, a value for another subgraph under this very key (an
 * operator reusing keys), and one expired a minute ago under the right key.
 */
function forgedContexts(name: DatabaseContextSubgraph, caller: ContextCaller): Settings[] {
  const other = DATABASE_CONTEXT_SUBGRAPHS.find((n) => n !== name) as DatabaseContextSubgraph;
  const claims = {
    subgraph: name,
    principal: {
      sub: 'intruder',
      agency: caller.agency ?? 'GS-NB',
      province: 'GS',
      roles: [],
      scopes: caller.scopes ?? [...SCOPES],
    },
    purpose: caller.purpose,
    requestId: 'forged-1',
  };
  const payload = databaseContextPayload(claims, Math.floor(Date.now() / 1000) + 10);
  return [
    { [DATABASE_CONTEXT_SETTING]: `${randomBytes(32).toString('hex')}.${payload}` },
    { [DATABASE_CONTEXT_SETTING]: sealDatabaseContext(payload, keys[other]) },
    vouchedFor(other, keys[other], caller),
    {
      [DATABASE_CONTEXT_SETTING]: sealDatabaseContext(
        databaseContextPayload({ ...claims, subgraph: other }, Math.floor(Date.now() / 1000) + 10),
        keys[name],
      ),
    },
    vouchedFor(name, keys[name], caller, { expires: Math.floor(Date.now() / 1000) - 60 }),
    { ...selfSet(caller.agency ?? 'GS-NB'), ...vouchedFor(name, randomBytes(32), caller) },
  ];
}

/** Every way a session without the gateway's word tries to be `caller` in `name`'s database. */
const attempts = (name: DatabaseContextSubgraph, caller: ContextCaller): Settings[] => [
  {},
  selfSet(caller.agency ?? 'GS-NB'),
  ...forgedContexts(name, caller),
];

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
    keys[name] = (await databaseContextKeys(hub.config, name)).current;
  }
  redOwners = await withAdmin(db('narcotics'), async (client) =>
    (
      await client.query<{ agency: string }>(
        `SELECT DISTINCT owning_agency_code AS agency FROM narcotics.cases
          WHERE dissemination = 'RED' ORDER BY 1`,
      )
    ).rows.map((row) => row.agency),
  );
  sealedTotal = await withAdmin(db('juvenile'), (client) =>
    count(client, 'SELECT count(*) AS n FROM juvenile.juvenile_records WHERE sealed'),
  );
}, 120_000);
afterAll(() => hub?.stop());

describe('the narcotics runtime role, with only its password', () => {
  const red = 'SELECT count(*) AS n FROM narcotics.cases WHERE dissemination = $1';
  const yellowDetail = `SELECT (SELECT count(*) FROM narcotics.cases WHERE dissemination = 'YELLOW')
      + (SELECT count(*) FROM narcotics.case_suspects s JOIN narcotics.cases c ON c.id = s.case_id
          WHERE c.dissemination = 'YELLOW') AS n`;

  it('sees RED cases of an agency only when the gateway vouched for that agency', async () => {
    expect(redOwners.length).toBeGreaterThan(0);
    for (const agency of redOwners) {
      expect(
        await as('narcotics', vouchedFor('narcotics', keys.narcotics, { agency }), (c) =>
          count(c, red, ['RED']),
        ),
      ).toBeGreaterThan(0);
      for (const settings of attempts('narcotics', { ...everything, agency })) {
        const seen = await as('narcotics', settings, async (c) => ({
          red: await count(c, red, ['RED']),
          yellow: await count(c, yellowDetail),
          rows: await count(c, 'SELECT count(*) AS n FROM narcotics.cases'),
          persons: await count(c, 'SELECT count(*) AS n FROM narcotics.persons'),
          // The owner's search function answers a vouched caller only.
          matches: await count(
            c,
            "SELECT count(*) AS n FROM narcotics.persons_matching('a:* | e:* | i:* | o:* | u:*', NULL)",
          ),
        }));
        expect({ agency, settings, seen }).toEqual({
          agency,
          settings,
          seen: { red: 0, yellow: 0, rows: 0, persons: 0, matches: 0 },
        });
      }
    }
  });

  it('writes nothing without a vouched writer', async () => {
    const agency = redOwners[0] ?? 'GS-NB';
    for (const settings of attempts('narcotics', { ...everything, agency })) {
      await as('narcotics', settings, async (c) => {
        await expect(
          c.query(
            `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
               owning_agency_code, opened_at)
             VALUES ('ND-2026-7777', 'Forged', 'OPEN', 'GS', 'GREEN', $1, now())`,
            [agency],
          ),
        ).rejects.toMatchObject({ code: '42501' });
      });
      await as('narcotics', settings, async (c) => {
        const changed = await c.query(`UPDATE narcotics.persons SET full_name = 'X'`);
        expect(changed.rowCount).toBe(0);
      });
    }
  });
});

describe('the juvenile runtime role, with only its password', () => {
  const sealed = `SELECT count(*) AS n FROM juvenile.juvenile_records
     WHERE sealed OR guardian_contact IS NOT NULL`;

  it('sees no sealed record, no guardian contact, no record at all', async () => {
    expect(sealedTotal).toBeGreaterThan(0);
    const judge = { roles: ['juvenile_officer'], purpose: JUDICIAL };
    expect(
      await as('juvenile', vouchedFor('juvenile', keys.juvenile, judge), (c) =>
        count(c, 'SELECT count(*) AS n FROM juvenile.juvenile_records WHERE sealed'),
      ),
    ).toBe(sealedTotal);
    for (const settings of attempts('juvenile', everything)) {
      const seen = await as('juvenile', settings, async (c) => ({
        sealed: await count(c, sealed),
        history: await count(c, 'SELECT count(*) AS n FROM juvenile.seal_changes'),
      }));
      expect({ settings, seen }).toEqual({ settings, seen: { sealed: 0, history: 0 } });
    }
  });

  it('records no offence (the write that unseals) without a vouched judicial writer', async () => {
    const investigator = vouchedFor('juvenile', keys.juvenile, {
      roles: ['juvenile_officer'],
      purpose: { code: 'INVESTIGATION', reference: 'ND-2026-0001' },
    });
    for (const settings of [...attempts('juvenile', everything), investigator]) {
      await as('juvenile', settings, async (c) => {
        await expect(
          c.query(
            `INSERT INTO juvenile.juvenile_records (person_id, date_of_birth, offence_date, offence,
               disposition, sentence_months, recorded_by)
             VALUES (1, '2009-04-10', '2024-01-01', 'Made up', 'Detention', 48, 'intruder')`,
          ),
        ).rejects.toMatchObject({ code: '42501' });
      });
    }
  });
});

describe('the cyber runtime role, with only its password', () => {
  const push = (namespace: string) =>
    `INSERT INTO cyber.chat_rooms (pushed_by, source, external_id, platform_code,
       external_room_id, title, city, member_count, first_seen, last_seen)
     VALUES ('${namespace}', 'intruder-feed', 'x-${randomBytes(4).toString('hex')}', 'nightowl',
       'x', 'Forged', 'Lanzhou', 1, now(), now())`;

  it("writes into no agency's namespace but the vouched pusher's own", async () => {
    const pusher = { roles: ['cyber_analyst'], agency: 'SN-CYB' };
    await as('cyber', vouchedFor('cyber', keys.cyber, pusher), async (c) => {
      expect((await c.query(push('SN-CYB'))).rowCount).toBe(1);
      await expect(c.query(push('GS-CYB'))).rejects.toMatchObject({ code: '42501' });
    });
    for (const settings of attempts('cyber', { ...everything, agency: 'GS-CYB' })) {
      await as('cyber', settings, async (c) => {
        await expect(c.query(push('GS-CYB'))).rejects.toMatchObject({ code: '42501' });
      });
      await as('cyber', settings, async (c) => {
        expect(await count(c, 'SELECT count(*) AS n FROM cyber.chat_rooms')).toBe(0);
      });
    }
  });
});

describe('what holds the check', () => {
  it('keeps the keys and the migrations table from every runtime role', async () => {
    for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
      await as(name, {}, async (c) => {
        await expect(
          c.query(`SELECT key FROM ${name}.database_context_keys`),
        ).rejects.toMatchObject({ code: '42501' });
      });
      await as(name, {}, async (c) => {
        await expect(c.query(`DELETE FROM ${name}.migrations`)).rejects.toMatchObject({
          code: '42501',
        });
      });
    }
  });

  it('gates every table of every checked database for its runtime role', async () => {
    for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
      const ungated = await withAdmin(db(name), async (client) =>
        (
          await client.query<{ table: string }>(
            `SELECT c.relname AS table FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
                AND c.relname NOT IN ('migrations', 'database_context_keys')
                AND has_table_privilege($2, c.oid, 'SELECT')
                AND NOT (c.relforcerowsecurity AND EXISTS (
                  SELECT 1 FROM pg_policies p
                   WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                     AND p.permissive = 'RESTRICTIVE' AND p.cmd = 'SELECT'
                     AND p.roles @> ARRAY[$2]::name[]
                     AND p.qual LIKE '%ctx_vouched()%'))`,
            [name, roleNames(name).app],
          )
        ).rows.map((row) => row.table),
      );
      expect({ name, ungated }).toEqual({ name, ungated: [] });
    }
  });
});

describe('a subgraph whose database checks a database context', () => {
  const query = { query: '{ cases(first: 5) { totalCount } }' };
  const principal = {
    sub: 'direct',
    agency: 'GS-NB',
    province: 'GS',
    roles: ['bureau_analyst'],
    scopes: scopesForRoles(['bureau_analyst']),
  };
  const call = async (databaseKey?: Buffer) =>
    postToSubgraph(
      {
        url: hub.subgraphUrls.narcotics ?? '',
        audience: 'narcotics',
        key: (await gatewayKeys(hub.config)).contextPrivateKey,
        context: { principal, requestId: `direct-${randomBytes(4).toString('hex')}` },
        databaseKey,
      },
      query,
    );

  it('answers a context that carries one', async () => {
    const { status, body } = await call(keys.narcotics);
    expect(status).toBe(200);
    expect(body.data).toEqual({ cases: { totalCount: expect.any(Number) } });
    expect((body.data as { cases: { totalCount: number } }).cases.totalCount).toBeGreaterThan(0);
  });

  it('refuses a context without one (a gateway without the key), not answering empty', async () => {
    const { status, body } = await call(undefined);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });

  it('fails, not answers empty, when its database refuses the one it carries (keys differ)', async () => {
    const { body } = await call(randomBytes(32));
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('a real gateway-issued database context', () => {
  let proxy: Server;
  let gateway: RunningServer;
  const captured: string[] = [];

  beforeAll(async () => {
    const target = hub.subgraphUrls.juvenile ?? '';
    // A hop between a second gateway and the juvenile subgraph that keeps what it carries.
    proxy = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const token = String(request.headers[INTERNAL_CONTEXT_HEADER] ?? '');
        captured.push(token);
        void fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [INTERNAL_CONTEXT_HEADER]: token },
          body: Buffer.concat(chunks),
        }).then(async (answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(await answer.text());
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    gateway = await startGatewayServer(hub.config, createLogger('silent', 'test'), {
      port: 0,
      serverUrl: adminUrl(),
      subgraphUrls: { ...hub.subgraphUrls, juvenile: `http://127.0.0.1:${port}/graphql` },
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    proxy?.close();
  });

  it('vouches while it lives and for nobody after it expired', async () => {
    const token = await hub.token({ roles: ['juvenile_officer'], agency: 'GS-JUV' });
    const answer = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-purpose': `JUDICIAL:${JUDICIAL.reference}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ juvenileRecords(first: 1) { totalCount } }' }),
    });
    expect(answer.status).toBe(200);
    const claims = JSON.parse(
      Buffer.from(captured.at(-1)?.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { dbc?: string };
    const value = claims.dbc ?? '';
    expect(value).toMatch(/^[0-9a-f]{64}\.v1\|juvenile\|/);
    const replay = { [DATABASE_CONTEXT_SETTING]: value };
    const sealedWith = () =>
      as('juvenile', replay, (c) =>
        count(c, 'SELECT count(*) AS n FROM juvenile.juvenile_records WHERE sealed'),
      );
    expect(await sealedWith()).toBe(sealedTotal);
    // In another subgraph's database the same value vouches for nobody, even while it lives.
    expect(
      await as('narcotics', replay, (c) => count(c, 'SELECT count(*) AS n FROM narcotics.cases')),
    ).toBe(0);
    const expires = Number(value.split('|')[2]);
    await new Promise((resolve) => setTimeout(resolve, (expires + 3) * 1000 - Date.now()));
    expect(await sealedWith()).toBe(0);
  }, 60_000);
});

describe('the audit writer, with only its password', () => {
  const writer = () =>
    new pg.Client({
      connectionString: urlForRole(db('audit'), AUDIT_WRITER_ROLE, testPassword(AUDIT_WRITER_ROLE)),
    });

  it('cannot date a record: the store stamps it with its own clock', async () => {
    const client = writer();
    await client.connect();
    const requestId = `backdated-${randomBytes(4).toString('hex')}`;
    try {
      await client.query('SELECT seq FROM audit.append($1::jsonb)', [
        JSON.stringify([
          {
            at: '2001-01-01T00:00:00Z',
            request_id: requestId,
            outcome: 'OK',
            http_status: 200,
            duration_ms: 1,
          },
        ]),
      ]);
    } finally {
      await client.end();
    }
    const stored = await withAdmin(db('audit'), async (admin) => ({
      row: (
        await admin.query<{ age: number }>(
          `SELECT extract(epoch FROM clock_timestamp() - at)::float AS age
             FROM audit.access_log WHERE request_id = $1`,
          [requestId],
        )
      ).rows,
      chain: (await admin.query<{ verified: boolean }>('SELECT verified FROM audit.verify_chain()'))
        .rows[0],
    }));
    expect(stored.row).toHaveLength(1);
    expect(stored.row[0]?.age).toBeGreaterThanOrEqual(0);
    expect(stored.row[0]?.age).toBeLessThan(60);
    expect(stored.chain?.verified).toBe(true);
  });

  it('makes no partitions; the owner makes at most a year ahead', async () => {
    const partitions = () =>
      withAdmin(db('audit'), (admin) =>
        count(
          admin,
          `SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'audit.access_log'::regclass`,
        ),
      );
    const before = await partitions();
    const client = writer();
    await client.connect();
    try {
      for (const months of [1000, 1]) {
        await expect(
          client.query('SELECT audit.ensure_partitions($1)', [months]),
        ).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await client.end();
    }
    const owner = new pg.Client({
      connectionString: db('audit'),
      options: `-c role=${roleNames('audit').owner}`,
    });
    await owner.connect();
    try {
      await expect(owner.query('SELECT audit.ensure_partitions(1000)')).rejects.toMatchObject({
        code: '22023',
      });
      expect((await owner.query('SELECT audit.ensure_partitions(12) AS made')).rows[0]).toEqual({
        made: 0,
      });
    } finally {
      await owner.end();
    }
    expect(await partitions()).toBe(before);
  });
});

const onEmbedded = process.env.HUB_TEST_DATABASE_KIND === 'embedded' ? describe : describe.skip;

onEmbedded('the embedded server’s maintenance databases', () => {
  it('admit no runtime role', async () => {
    const outcomes: string[] = [];
    for (const [role] of DATABASE_ROLES) {
      for (const database of ['postgres', 'template1']) {
        const url = new URL(urlForRole(adminUrl(), role, testPassword(role)));
        url.pathname = `/${database}`;
        const client = new pg.Client({ connectionString: url.toString() });
        const outcome = await client
          .connect()
          .then(() => 'connected')
          .catch((error: { code?: string }) => error.code ?? 'error');
        await client.end().catch(() => undefined);
        outcomes.push(`${role}@${database}: ${outcome}`);
      }
    }
    expect(outcomes).toEqual(
      DATABASE_ROLES.flatMap(([role]) => [`${role}@postgres: 42501`, `${role}@template1: 42501`]),
    );
  });
});
