/*
 * Every filter the API offers is served by an index. On the article profile (plus an audit trail
 * of 12,000 records), each filtered query is sent to its subgraph, and every SELECT the subgraph
 * runs for it is EXPLAIN ANALYZEd in the request's own transaction (same role, same
 * row-level-security settings, same parameters): no plan may scan a large table (≥ 10,000 rows)
 * sequentially, nor read a quarter of one only to throw it away (an index walked in the wrong
 * order, filtering as it goes, is a scan of the table by another name).
 */
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DataSource, type QueryRunner } from 'typeorm';

import { migrateSubgraph, seedSubgraph } from '../hub/database.js';
import { enabledSubgraphs } from '../hub/registry.js';
import { startSubgraphServer, type RunningServer } from '../hub/services.js';
import { loadConfig, type HubConfig } from '../platform/config.js';
import { subgraphAdminUrl } from '../platform/database/server.js';
import { databaseContextKeys, gatewayKeys } from '../platform/keys.js';
import { createLogger } from '../platform/logger.js';
import { scopesForRoles, type Purpose } from '../schema/access.js';
import { usesDatabaseContext } from '../schema/database-context.js';
import type { SubgraphName } from '../schema/subgraph-names.js';
import { configureIds, externalId } from '../subgraphs/kit/index.js';

import { adminUrl, dropDatabases, testPrefix, withAdmin } from './support/database.js';
import { TEST_ID_KEY, TEST_PASSWORD_ENV } from './support/hub.js';
import { postToSubgraph } from './support/internal-context.js';

const LARGE = 10_000;
const AUDIT_RECORDS = 12_000;

interface Plan {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: Plan[];
}

interface Explained {
  readonly sql: string;
  readonly plan: Plan;
}

let config: HubConfig;
let home: string;
const prefix = testPrefix();
const databases = {} as Record<SubgraphName, string>;
const servers = {} as Record<SubgraphName, RunningServer>;
/** Tables of at least LARGE rows, and how many. */
const large = new Map<string, number>();
let contextKey: KeyObject;
let explained: Explained[] = [];
const originalCreateQueryRunner = DataSource.prototype.createQueryRunner;

/** Every SELECT a runner sends is EXPLAINed first, in the same transaction, with its parameters. */
function explainEverySelect(): void {
  DataSource.prototype.createQueryRunner = function (this: DataSource, ...args) {
    const runner: QueryRunner = originalCreateQueryRunner.apply(this, args);
    const query = runner.query.bind(runner);
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      if (/^\s*(SELECT|WITH)\b/i.test(sql) && !/set_config\(|INSERT|UPDATE|DELETE/i.test(sql)) {
        const [row] = (await query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters)) as {
          'QUERY PLAN': { Plan: Plan }[];
        }[];
        explained.push({ sql, plan: (row?.['QUERY PLAN'][0] as { Plan: Plan }).Plan });
      }
      return structured ? query(sql, parameters, true) : query(sql, parameters);
    }) as QueryRunner['query'];
    return runner;
  };
}

/** Large tables the plan scans sequentially, or reads a quarter of only to discard. */
function seqScansOfLargeTables(plan: Plan): string[] {
  const rows = large.get(plan['Relation Name'] ?? '');
  const discarded = (plan['Rows Removed by Filter'] ?? 0) * (plan['Actual Loops'] ?? 1);
  const own =
    rows !== undefined && (plan['Node Type'].endsWith('Seq Scan') || discarded > rows / 4)
      ? [`${plan['Relation Name'] as string} (${plan['Node Type']}, ${discarded} rows discarded)`]
      : [];
  return [...own, ...(plan.Plans ?? []).flatMap(seqScansOfLargeTables)];
}

/**
 * Synthetic audit records, appended through the store's own function (hash chain and all), all
 * in this month's partition (so that one partition is large).
 */
async function auditTrail(url: string): Promise<void> {
  const now = new Date();
  const month = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 0, 0, 1);
  const outcomes = ['OK', 'PARTIAL', 'DENIED', 'ERROR'];
  const agencies = ['GS-NB', 'SN-NB', 'GS-LZ', 'SC-NB'];
  const rows = Array.from({ length: AUDIT_RECORDS }, (_, i) => ({
    at: new Date(month + i * 100).toISOString(),
    request_id: `req-${i}`,
    client_request_id: i % 7 === 0 ? `client-${i}` : null,
    sub: `officer-${i % 300}`,
    agency: agencies[i % agencies.length],
    province: i % 1000 === 0 ? 'XZ' : i % 2 ? 'GS' : 'SN',
    roles: ['bureau_analyst'],
    scopes: ['narcotics:read', 'cyber:read'],
    purpose: i % 3 ? 'INVESTIGATION' : 'JUDICIAL',
    purpose_reference: i % 3 ? null : `court-${i % 999}`,
    client_address: `10.0.${i % 200}.${i % 250}`,
    operation_name: `Operation${i % 40}`,
    operation_type: 'query',
    document_hash: 'ab'.repeat(32),
    variables: {},
    value_hashes: [`hash-${i % 500}`],
    fields_requested: ['Person.nationalId'],
    fields_denied:
      i % 11 ? [] : [{ path: ['x'], coordinate: 'Person.nationalId', reason: 'scope' }],
    records_accessed: [{ type: i % 5 ? 'Person' : 'JuvenileRecord', id: `id-${i % 900}` }],
    outcome: outcomes[i % outcomes.length],
    http_status: 200,
    duration_ms: 3,
    error_codes: [],
  }));
  await withAdmin(url, async (client) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await client.query('SELECT count(*) FROM audit.append($1::jsonb)', [
        JSON.stringify(rows.slice(i, i + 1000)),
      ]);
    }
  });
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'hub-test-home-'));
  config = loadConfig({
    HUB_HOME: home,
    DATABASE_URL: adminUrl(),
    HUB_DB_PREFIX: prefix,
    ...TEST_PASSWORD_ENV,
    HUB_ID_KEY: TEST_ID_KEY.toString('hex'),
    LOG_LEVEL: 'silent',
    HUB_DB_POOL_SIZE: '2',
  });
  configureIds(TEST_ID_KEY);
  contextKey = (await gatewayKeys(config)).contextPrivateKey;
  for (const definition of enabledSubgraphs()) {
    const url = await subgraphAdminUrl(adminUrl(), config, definition.name);
    databases[definition.name] = url;
    await migrateSubgraph(definition, url, config);
    await seedSubgraph(definition, url, 'article');
    if (definition.name === 'audit') {
      await auditTrail(url);
    }
    await withAdmin(url, async (client) => {
      await client.query('ANALYZE');
      const { rows } = await client.query<{ relname: string; reltuples: number }>(
        `SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples >= $1
            AND relnamespace = $2::regnamespace`,
        [LARGE, definition.name],
      );
      rows.forEach((row) => large.set(row.relname, Number(row.reltuples)));
    });
  }
  explainEverySelect();
  const logger = createLogger('silent', 'test');
  for (const definition of enabledSubgraphs()) {
    servers[definition.name] = await startSubgraphServer(
      definition,
      config,
      databases[definition.name],
      logger,
      0,
    );
  }
}, 600_000);

afterAll(async () => {
  DataSource.prototype.createQueryRunner = originalCreateQueryRunner;
  for (const server of Object.values(servers)) {
    await server.stop();
  }
  await dropDatabases(prefix);
  await rm(home, { recursive: true, force: true });
});

/** A few ids of the article profile to filter by. */
async function sample(subgraph: SubgraphName, sql: string): Promise<number> {
  return withAdmin(databases[subgraph], async (client) => {
    const { rows } = await client.query<{ id: number }>(sql);
    return Number(rows[0]?.id);
  });
}

interface Case {
  readonly subgraph: SubgraphName;
  readonly roles: string[];
  readonly purpose?: Purpose;
  readonly query: string;
  readonly variables?: () => Promise<Record<string, unknown>>;
}

const INVESTIGATOR = ['narcotics_investigator'];
const JUDGE = ['juvenile_officer'];
const JUDICIAL: Purpose = { code: 'JUDICIAL', reference: 'court-7' };

const personWithRecords = () =>
  sample('juvenile', 'SELECT person_id AS id FROM juvenile.juvenile_records ORDER BY id LIMIT 1');
const personWithHandles = () =>
  sample('cyber', 'SELECT person_id AS id FROM cyber.handles WHERE person_id IS NOT NULL LIMIT 1');

const CASES: Record<string, Case> = {
  'cases by province': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query: '{ cases(filter: { province: "SN" }, first: 20) { edges { node { id } } } }',
  },
  'cases by status': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query: '{ cases(filter: { status: CLOSED }, first: 20) { totalCount edges { node { id } } } }',
  },
  'cases by ring': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query: 'query ($ring: ID!) { cases(filter: { ringId: $ring }) { edges { node { id } } } }',
    variables: async () => ({
      ring: externalId(
        'DrugRing',
        await sample('narcotics', 'SELECT min(id) AS id FROM narcotics.drug_rings'),
      ),
    }),
  },
  'cases by owning agency and opening date': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query: `{ cases(filter: { owningAgency: "GS-NB", openedFrom: "2026-04-01T00:00:00Z", openedTo: "2026-05-01T00:00:00Z" }) { edges { node { id } } } }`,
  },
  'cases by title words and number prefix': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query:
      '{ a: cases(filter: { search: "ring" }) { edges { node { id } } } b: cases(filter: { search: "ND-2026-1" }) { edges { node { id } } } }',
  },
  'case by number': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query: '{ caseByNumber(caseNumber: "ND-2026-0001", owningAgency: "GS-NB") { id } }',
  },
  'persons by name and by national id': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query:
      '{ a: persons(search: "wang l", first: 20) { edges { node { id } } } b: persons(search: "620102199001011234") { edges { node { id } } } }',
  },
  'persons by name, unmasked, and the list in both orders': {
    subgraph: 'narcotics',
    roles: JUDGE,
    query:
      '{ a: persons(search: "li", first: 20) { edges { node { id } } } b: persons(first: 20) { edges { node { id } } } }',
  },
  "a person's cases, arrests and the list in initials order": {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query:
      'query ($id: ID!) { person(id: $id) { suspectIn { case { id } } arrests { id } } persons(first: 20) { edges { node { id } } } }',
    variables: async () => ({
      id: externalId(
        'Person',
        await sample('narcotics', 'SELECT person_id AS id FROM narcotics.arrests LIMIT 1'),
      ),
    }),
  },
  "a case's suspects, seizures, arrests and labs": {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query:
      'query ($id: ID!) { case(id: $id) { suspects { person { id } } seizures { weightGrams } arrests { id } labs { id } ring { cases { id } } } }',
    variables: async () => ({
      id: externalId(
        'Case',
        await sample(
          'narcotics',
          "SELECT id FROM narcotics.cases WHERE owning_agency_code = 'GS-NB' AND ring_id IS NOT NULL LIMIT 1",
        ),
      ),
    }),
  },
  'labs, rings and seizure totals by province': {
    subgraph: 'narcotics',
    roles: INVESTIGATOR,
    query:
      '{ labs(filter: { province: "GS" }) { edges { node { id } } } rings(province: "GS") { edges { node { id } } } seizureTotals(filter: { province: "GS" }) { drugType } }',
  },
  'chat rooms by city, platform, size, hour and words': {
    subgraph: 'cyber',
    roles: INVESTIGATOR,
    query: `{ a: chatRooms(filter: { city: "Lanzhou" }) { edges { node { id } } }
              b: chatRooms(filter: { platform: "nightowl", minMembers: 10, maxMembers: 50 }) { edges { node { id } } }
              c: chatRooms(filter: { activeAt: 23 }) { edges { node { id } } }
              d: chatRooms(filter: { search: "party" }) { totalCount edges { node { id } } } }`,
  },
  "a room's observations by kind, and activity by hour": {
    subgraph: 'cyber',
    roles: INVESTIGATOR,
    query:
      'query ($room: ID!) { roomObservations(roomId: $room, kind: LIVE_DRUG_USE) { edges { node { id } } } roomActivityByHour(filter: { city: "Lanzhou" }) { hour } }',
    variables: async () => ({
      room: externalId(
        'ChatRoom',
        await sample('cyber', 'SELECT room_id AS id FROM cyber.observations LIMIT 1'),
      ),
    }),
  },
  'a room with its handles, introductions and observations': {
    subgraph: 'cyber',
    roles: INVESTIGATOR,
    query:
      'query ($room: ID!) { chatRoom(id: $room) { handles { introducedBy { id } introduced { id } } observations { id } } }',
    variables: async () => ({
      room: externalId(
        'ChatRoom',
        await sample('cyber', 'SELECT room_id AS id FROM cyber.introductions LIMIT 1'),
      ),
    }),
  },
  'an introduction chain': {
    subgraph: 'cyber',
    roles: INVESTIGATOR,
    query: 'query ($h: ID!) { introductionChain(handleId: $h, depth: 6) { closesCycle } }',
    variables: async () => ({
      h: externalId(
        'Handle',
        await sample('cyber', 'SELECT newcomer_id AS id FROM cyber.introductions LIMIT 1'),
      ),
    }),
  },
  "a person's handles and a case's rooms (entities)": {
    subgraph: 'cyber',
    roles: INVESTIGATOR,
    query:
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { handles { id } } ... on Case { chatRooms { id } } } }',
    variables: async () => ({
      r: [
        { __typename: 'Person', id: externalId('Person', await personWithHandles()) },
        {
          __typename: 'Case',
          id: externalId(
            'Case',
            await sample('cyber', 'SELECT case_id AS id FROM cyber.room_case_links LIMIT 1'),
          ),
          restricted: false,
        },
      ],
    }),
  },
  'juvenile records by seal, person and offence date': {
    subgraph: 'juvenile',
    roles: JUDGE,
    purpose: JUDICIAL,
    query: `query ($p: ID!) { a: juvenileRecords(filter: { sealed: true }) { edges { node { id } } }
              b: juvenileRecords(filter: { personId: $p }) { edges { node { id } } }
              c: juvenileRecords(filter: { offenceFrom: "2025-01-01", offenceTo: "2025-06-30" }) { totalCount edges { node { id } } } }`,
    variables: async () => ({ p: externalId('Person', await personWithRecords()) }),
  },
  "a person's juvenile records (entities)": {
    subgraph: 'juvenile',
    roles: JUDGE,
    purpose: JUDICIAL,
    query:
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { juvenileRecords { id } } } }',
    variables: async () => ({
      r: [{ __typename: 'Person', id: externalId('Person', await personWithRecords()) }],
    }),
  },
  'the audit trail by each filter': {
    subgraph: 'audit',
    roles: ['auditor'],
    purpose: { code: 'AUDIT' },
    query: `{ a: accessLog(filter: { officer: "officer-7" }) { edges { node { id } } }
              b: accessLog(filter: { agency: "SC-NB" }) { edges { node { id } } }
              c: accessLog(filter: { province: "XZ" }, first: 20) { edges { node { id } } }
              c2: accessLog(filter: { purposeReference: "court-9" }) { edges { node { id } } }
              d: accessLog(filter: { recordType: "JuvenileRecord", recordId: "id-5" }) { edges { node { id } } }
              e: accessLog(filter: { operationName: "Operation3", purpose: "JUDICIAL", purposeReference: "court-9" }) { edges { node { id } } }
              f: accessLog(filter: { outcome: "DENIED" }) { edges { node { id } } }
              g: accessLog(filter: { requestId: "client-70" }) { edges { node { id } } }
              h: accessLog(filter: { clientAddress: "10.0.7.7" }) { edges { node { id } } }
              i: accessLog(filter: { deniedField: "Person.nationalId" }) { edges { node { id } } } }`,
  },
  'the audit trail by value, time, and counted per hour': {
    subgraph: 'audit',
    roles: ['auditor'],
    purpose: { code: 'AUDIT' },
    query: `{ a: accessLog(filter: { variableValue: "Zhang Wei" }) { edges { node { id } } }
              b: accessLog(filter: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }) { edges { node { id } } }
              c: accessLogCounts(filter: { agency: "GS-NB" }) { count } }`,
  },
};

it.each(Object.entries(CASES))('%s: no sequential scan of a large table', async (_name, c) => {
  explained = [];
  const { status, body } = await postToSubgraph(
    {
      url: servers[c.subgraph].url,
      audience: c.subgraph,
      key: contextKey,
      databaseKey: usesDatabaseContext(c.subgraph)
        ? (await databaseContextKeys(config, c.subgraph)).current
        : undefined,
      context: {
        principal: {
          sub: 'officer-index-test',
          agency: 'GS-NB',
          province: 'GS',
          roles: c.roles,
          scopes: scopesForRoles(c.roles),
        },
        purpose: c.purpose ?? { code: 'INVESTIGATION' },
        requestId: `index-test-${_name}`,
      },
    },
    { query: c.query, variables: await c.variables?.() },
  );
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  expect(explained.length).toBeGreaterThan(0);
  if (process.env.HUB_TEST_SHOW_PLANS) {
    console.log(
      explained
        .map(({ sql, plan }) => `${sql.slice(0, 200)}\n${JSON.stringify(plan)}`)
        .join('\n\n'),
    );
  }
  const scans = explained.flatMap(({ sql, plan }) =>
    seqScansOfLargeTables(plan).map(
      (table) => `${table}: ${sql.replace(/\s+/g, ' ').slice(0, 400)}`,
    ),
  );
  expect(scans).toEqual([]);
});

it('knows which tables are large, and finds a sequential scan of one', async () => {
  expect([...large.keys()]).toEqual(
    expect.arrayContaining(['persons', 'case_suspects', 'arrests', 'handles', 'introductions']),
  );
  expect([...large.keys()].some((name) => name.startsWith('access_log_'))).toBe(true);
  const plan = await withAdmin(databases.narcotics, async (client) => {
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: Plan }[] }>(
      `EXPLAIN (FORMAT JSON) SELECT * FROM narcotics.persons WHERE gender || '' = 'MALE'`,
    );
    return (rows[0]?.['QUERY PLAN'][0] as { Plan: Plan }).Plan;
  });
  expect(seqScansOfLargeTables(plan)).toEqual(['persons (Seq Scan, 0 rows discarded)']);
});
