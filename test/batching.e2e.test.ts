/*
 * Nested lists and entity references are batched: the SQL statements a request costs do not
 * grow with its rows (counted by the narcotics subgraph's own hub_sql_queries_total).
 */
import { databaseContextKeys, gatewayKeys } from '../platform/keys.js';
import { scopesForRoles } from '../schema/access.js';
import { externalId } from '../subgraphs/kit/index.js';

import { withAdmin } from './support/database.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { postToSubgraph } from './support/internal-context.js';

let hub: TestHub;
let token: string;

/** A GREEN case of the caller's agency with `count` suspects, each a new person; its client id. */
async function caseWithSuspects(count: number): Promise<string> {
  return withAdmin(hub.databases.narcotics ?? '', async (client) => {
    await client.query('SET ROLE hub_narcotics_owner');
    const number = `ND-2099-${String(count).padStart(6, '0')}`;
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination, owning_agency_code, opened_at)
       SELECT $1, 'Batching probe', 'OPEN', province, 'GREEN', code, now() FROM narcotics.agencies
        WHERE code = 'GS-NB' RETURNING id`,
      [number],
    );
    const caseId = rows[0]?.id;
    await client.query(
      `WITH people AS (
         INSERT INTO narcotics.persons (full_name, gender, date_of_birth)
         SELECT 'Probe Person ' || i, 'UNKNOWN', date '1990-01-01' FROM generate_series(1, $2) AS i
         RETURNING id)
       INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
       SELECT $1, id, 'BUYER', now() FROM people`,
      [caseId, count],
    );
    return externalId('Case', Number(caseId));
  });
}

async function sqlStatements(): Promise<number> {
  const metrics = await (
    await fetch((hub.subgraphUrls.narcotics ?? '').replace('/graphql', '/metrics'))
  ).text();
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('hub_sql_queries_total{subgraph="narcotics"}'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function statementsFor(query: string, variables: Record<string, unknown>): Promise<number> {
  const before = await sqlStatements();
  const { body } = await hub.query(query, { token, variables });
  expect(body.errors).toBeUndefined();
  return (await sqlStatements()) - before;
}

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  token = await hub.token({ roles: ['narcotics_investigator'], agency: 'GS-NB', province: 'GS' });
});
afterAll(() => hub?.stop());

const SUSPECTS = /* GraphQL */ `
  query ($id: ID!) {
    case(id: $id) {
      caseNumber
      suspects {
        role
        person {
          id
          fullName
          gender
        }
      }
    }
  }
`;

it('500 suspects with their persons cost as many SQL statements as 5', async () => {
  const small = await caseWithSuspects(5);
  const large = await caseWithSuspects(500);
  const forSmall = await statementsFor(SUSPECTS, { id: small });
  const forLarge = await statementsFor(SUSPECTS, { id: large });
  const { body } = await hub.query<{ case: { suspects: unknown[] } }>(SUSPECTS, {
    token,
    variables: { id: large },
  });
  expect(body.data?.case.suspects).toHaveLength(500);
  expect(forLarge).toBe(forSmall);
  // BEGIN, the database context (a bind parameter, checked in the same statement), the case
  // with its agency, the suspects with their persons, COMMIT.
  expect(forLarge).toBeLessThanOrEqual(5);
  console.log(
    `SQL statements for a case with 500 suspects and their persons: ${forLarge} (5 suspects: ${forSmall})`,
  );
});

it('_entities for Person resolves a batch of references with one lookup', async () => {
  const { contextPrivateKey } = await gatewayKeys(hub.config);
  const databaseKey = (await databaseContextKeys(hub.config, 'narcotics')).current;
  const representations = [
    ...Array.from({ length: 50 }, (_, i) => ({
      __typename: 'Person',
      id: externalId('Person', i + 1),
    })),
    { __typename: 'Person', id: externalId('Person', 999999) },
  ];
  const before = await sqlStatements();
  const { status, body } = await postToSubgraph<{
    _entities: ({ id: string; fullName: string } | null)[];
  }>(
    {
      url: hub.subgraphUrls.narcotics ?? '',
      audience: 'narcotics',
      key: contextPrivateKey,
      databaseKey,
      context: {
        principal: {
          sub: 'gw',
          agency: 'GS-NB',
          province: 'GS',
          roles: ['narcotics_investigator'],
          scopes: scopesForRoles(['narcotics_investigator']),
        },
        requestId: 'entities-test',
      },
    },
    {
      query:
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id fullName } } }',
      variables: { r: representations },
    },
  );
  const statements = (await sqlStatements()) - before;
  expect(status).toBe(200);
  expect(body.data?._entities).toHaveLength(51);
  expect(body.data?._entities[0]).toMatchObject({
    id: externalId('Person', 1),
    fullName: expect.any(String),
  });
  expect(body.data?._entities[50]).toBeNull();
  expect(statements).toBeLessThanOrEqual(5);
});
