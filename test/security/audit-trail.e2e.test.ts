/*
 * Nothing is done or seen without its audit record, whatever a hostile client sends: values the
 * database cannot hold, poisoned batches beside innocent requests, mutations while the store is
 * down, variable defaults, GET variables, long values, bad purposes, forged request ids,
 * subscriptions and malformed scalars. Real gateway over HTTP, real PostgreSQL.
 */
import pg from 'pg';

import { withAdmin } from '../support/database.js';
import { postText, startTestHub, type GraphQLResult, type TestHub } from '../support/hub.js';

let hub: TestHub;
let auditDb: string;
let analyst: string;
let investigator: string;
let auditor: string;
let ownCaseId: string;

interface Row {
  request_id: string;
  client_request_id: string | null;
  outcome: string;
  http_status: number;
  sub: string | null;
  scopes: string[];
  purpose: string | null;
  operation_name: string | null;
  variables: Record<string, unknown> | null;
  value_hashes: string[];
  fields_requested: string[];
  fields_denied: { coordinate: string }[];
  error_codes: string[];
}

async function rows(requestIds: readonly string[]): Promise<Row[]> {
  return withAdmin(
    auditDb,
    async (client) =>
      (
        await client.query<Row>(
          'SELECT * FROM audit.access_log WHERE request_id = ANY($1) ORDER BY seq',
          [requestIds],
        )
      ).rows,
  );
}

const finals = async (ids: readonly string[]) =>
  (await rows(ids)).filter((row) => row.outcome !== 'PENDING');

async function send(
  body: string | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult & { requestId: string }> {
  const result = await postText<Record<string, unknown>>(
    hub.gatewayUrl,
    typeof body === 'string' ? body : JSON.stringify(body),
    { 'x-purpose': 'INVESTIGATION', ...headers },
  );
  return { ...result, requestId: result.headers.get('x-request-id') ?? '' };
}

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function seizuresOf(caseId: string): Promise<number> {
  const { body } = await send(
    { query: 'query($id: ID!) { case(id: $id) { seizures { id } } }', variables: { id: caseId } },
    as(investigator),
  );
  const seizures = (body.data as { case: { seizures: unknown[] } | null }).case?.seizures;
  expect(seizures).toBeInstanceOf(Array);
  return seizures?.length ?? -1;
}

const RECORD_SEIZURE = `mutation Seize($input: RecordSeizureInput!) {
  recordSeizure(input: $input) { id weightGrams }
}`;
/** A seizure's input written inline, as a GraphQL object literal. */
const literal = (caseId: string) =>
  `{ caseId: "${caseId}", drugType: "Heroin", weightGrams: 1.5, seizedAt: "2026-11-02T00:00:00Z", place: "Lanzhou" }`;
const seizure = (caseId: string, grams: number) => ({
  caseId,
  drugType: 'Methamphetamine',
  weightGrams: grams,
  seizedAt: '2026-11-30T21:00:00Z',
  place: 'Lanzhou',
});

beforeAll(async () => {
  // Five searches by value per auditor and hour: enough for the tests, and one rationing test.
  hub = await startTestHub({ seed: true, env: { HUB_AUDIT_VALUE_LOOKUPS_PER_HOUR: '5' } });
  auditDb = hub.databases.audit ?? '';
  analyst = await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-9' });
  investigator = await hub.token({ roles: ['narcotics_investigator'], sub: 'investigator-9' });
  auditor = await hub.token({ roles: ['auditor'], sub: 'auditor-9' });
  const { body } = await send(
    {
      query:
        '{ cases(filter: { owningAgency: "GS-NB" }, first: 5) { edges { node { id restricted } } } }',
    },
    as(investigator),
  );
  const edges = (body.data as { cases: { edges: { node: { id: string; restricted: boolean } }[] } })
    .cases.edges;
  expect(edges.length).toBeGreaterThan(0);
  ownCaseId = edges.find((edge) => !edge.node.restricted)?.node.id ?? '';
  expect(ownCaseId).not.toBe('');
}, 120_000);
afterAll(() => hub?.stop());

describe('values the database cannot hold are stored escaped, never dropped', () => {
  it('NUL and lone surrogates in variables, undeclared variables and operation names', async () => {
    const hostile = [
      {
        query: 'query Q($s: String) { persons(search: $s, first: 1) { totalCount } }',
        variables: { s: 'a\u0000b' },
      },
      {
        query: '{ cases(first: 1) { totalCount } }',
        variables: { unused: '\u0000\ud800', n: { deep: ['\udfff'] } },
      },
      { query: 'query Q { cases(first: 1) { totalCount } }', operationName: 'Q\u0000\ud800' },
      { query: '{ cases(first: 1) { totalCount } }', operationName: '\\u0000 literally' },
    ];
    const answers = await Promise.all(hostile.map((body) => send(body, as(analyst))));
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 400)).toBe(true);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const recorded = await finals(answers.map((a) => a.requestId));
    expect(recorded).toHaveLength(hostile.length);
    const names = recorded.map((row) => row.operation_name);
    expect(names).toContain('Q\\u0000\\ud800');
    expect(names).toContain('\\\\u0000 literally');
    expect(JSON.stringify(recorded.map((row) => row.variables))).not.toContain('a\u0000b');
  });

  it('a poisoned batch: innocent requests beside hostile ones all succeed and are all recorded', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) =>
      i % 10 === 3
        ? { query: '{ cases(first: 1) { totalCount } }', variables: { x: `\u0000${i}` } }
        : { query: '{ cases(first: 1) { totalCount } }' },
    );
    const answers = await Promise.all(bodies.map((body) => send(body, as(analyst))));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    expect(await finals(answers.map((a) => a.requestId))).toHaveLength(30);
  });

  it('40 concurrent writes, some carrying NUL: every one told the truth and recorded twice', async () => {
    const before = await seizuresOf(ownCaseId);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        send(
          {
            query: RECORD_SEIZURE,
            variables: {
              input: seizure(ownCaseId, 1 + i),
              ...(i % 8 === 0 ? { poison: '\u0000' } : {}),
            },
          },
          as(investigator),
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(await seizuresOf(ownCaseId)).toBe(before + 40);
    const recorded = await rows(answers.map((a) => a.requestId));
    expect(recorded.filter((row) => row.outcome === 'PENDING')).toHaveLength(40);
    expect(recorded.filter((row) => row.outcome === 'OK')).toHaveLength(40);
  });
});

describe("text no component can store is the caller's input error, refused before anything runs", () => {
  it.each([
    [
      'a case number',
      'query($n: String!) { caseByNumber(caseNumber: $n) { id } }',
      { n: 'GS\u0000-1' },
    ],
    [
      'a case search',
      'query($s: String) { cases(filter: { search: $s }) { totalCount } }',
      { s: 'x\u0000' },
    ],
    [
      'a city (cyber)',
      'query($c: String) { chatRooms(filter: { city: $c }) { totalCount } }',
      { c: 'Lan\ud800zhou' },
    ],
    [
      'a drug type',
      'query($d: String) { seizureTotals(filter: { drugType: $d }) { seizures } }',
      { d: '\udfffx' },
    ],
    [
      'an inline literal',
      '{ chatRooms(filter: { city: "Lan\\u0000zhou" }) { totalCount } }',
      undefined,
    ],
    [
      'an inline block string',
      '{ cases(filter: { search: """a\u0000b""" }) { totalCount } }',
      undefined,
    ],
  ])('%s', async (_name, query, variables) => {
    const answer = await send({ query, ...(variables ? { variables } : {}) }, as(analyst));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/cannot store/);
    const [row] = await finals([answer.requestId]);
    expect(row).toMatchObject({ http_status: 400, outcome: 'ERROR' });
  });

  it('a write carrying it does not run, and its refusal is recorded', async () => {
    const before = await seizuresOf(ownCaseId);
    const answer = await send(
      {
        query: RECORD_SEIZURE,
        variables: { input: { ...seizure(ownCaseId, 2), drugType: 'Meth\u0000' } },
      },
      as(investigator),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await seizuresOf(ownCaseId)).toBe(before);
    expect((await rows([answer.requestId])).map((row) => row.outcome)).toEqual(['ERROR']);
  });
});

describe('no request can make the store slow for others, nor its record lie', () => {
  it('keeps a record small whatever the request carries: every name counts toward the cut', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 30_000 }, (_, i) => [`k${i}_${'x'.repeat(12)}`, null]),
    );
    const hostile = send({ query: '{ platforms { code } }', variables: many }, as(analyst));
    const innocent = Array.from({ length: 10 }, () =>
      send({ query: '{ platforms { code } }' }, as(analyst)),
    );
    const answers = await Promise.all([hostile, ...innocent]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const recorded = await finals(answers.map((a) => a.requestId));
    expect(recorded).toHaveLength(answers.length);
    const own = recorded.find((row) => row.request_id === answers[0]?.requestId);
    expect(JSON.stringify(own?.variables).length).toBeLessThan(32_000);
    expect(JSON.stringify(own?.variables)).toContain('"truncated":"count"');
  });

  it('answers "no record" only for a record that will never appear', async () => {
    // Hold the chain's head for longer than the store may take: the request must fail closed,
    // and its record must not be committed afterwards saying it was answered.
    const lock = new pg.Client({ connectionString: auditDb });
    await lock.connect();
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT * FROM audit.chain_head WHERE id = 1 FOR UPDATE');
      answer = await send({ query: '{ platforms { code } }' }, as(analyst));
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }
    expect(answer.status).toBe(503);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await rows([answer.requestId])).map((row) => row.outcome)).not.toContain('OK');
  }, 30_000);
});

describe('a mutation runs only after its write-ahead record is committed', () => {
  it('records PENDING before the write and its outcome after, under one request id', async () => {
    const answer = await send(
      { query: RECORD_SEIZURE, variables: { input: seizure(ownCaseId, 3.5) } },
      as(investigator),
    );
    expect(answer.status).toBe(200);
    const recorded = await rows([answer.requestId]);
    expect(recorded.map((row) => row.outcome)).toEqual(['PENDING', 'OK']);
    expect(recorded[0]).toMatchObject({ sub: 'investigator-9', operation_name: 'Seize' });
  });

  it('with the audit store down the mutation does not run, and nothing is released', async () => {
    const before = await seizuresOf(ownCaseId);
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
      const write = await send(
        { query: RECORD_SEIZURE, variables: { input: seizure(ownCaseId, 9) } },
        as(investigator),
      );
      expect(write.status).toBe(503);
      expect(write.body.errors?.[0]?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
      expect(write.body.data ?? null).toBeNull();
    } finally {
      await withAdmin(server, (client) =>
        client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
      );
    }
    expect(await seizuresOf(ownCaseId)).toBe(before);
  });

  it.each([
    [
      'a second write that fails',
      (theCase: string) =>
        `a: recordSeizure(input: ${literal(theCase)}) { id } b: recordSeizure(input: ${literal('unknown')}) { id }`,
    ],
    [
      'a second write that succeeds',
      (theCase: string) =>
        `a: recordSeizure(input: ${literal(theCase)}) { id } b: recordSeizure(input: ${literal(theCase)}) { id }`,
    ],
    [
      'two writes through a fragment',
      (theCase: string) =>
        `...W W: recordSeizure(input: ${literal(theCase)}) { id } } fragment W on Mutation { a: recordSeizure(input: ${literal(theCase)}) { id }`,
    ],
  ])(
    'a mutation of several writes (%s) is refused before any runs: no half-done write told "failed"',
    async (_name, fields) => {
      const before = await seizuresOf(ownCaseId);
      const write = await send(
        { query: `mutation Two { ${fields(ownCaseId)} }` },
        as(investigator),
      );
      expect(write.status).toBe(400);
      expect(write.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_SUPPORTED');
      expect(await seizuresOf(ownCaseId)).toBe(before);
      expect((await rows([write.requestId])).map((row) => row.outcome)).toEqual(['ERROR']);
    },
  );

  it.each([
    [
      'a non-null field it may not see, nulling the whole answer',
      'case { juvenileRecords { id } }',
    ],
    [
      'a field it may not see, nulling a nullable list',
      'case { suspects { person { juvenileRecords { id } } } }',
    ],
    ['a field it may not see behind aliases', 'c: case { j: juvenileRecords { id } }'],
  ])(
    'a write that selects %s is refused before it runs: never told "denied" after committing',
    async (_name, selection) => {
      const before = await seizuresOf(ownCaseId);
      const write = await send(
        {
          query: `mutation Seize($input: RecordSeizureInput!) { recordSeizure(input: $input) { id ${selection} } }`,
          variables: { input: seizure(ownCaseId, 4.25) },
        },
        as(investigator),
      );
      // Either the write is refused whole before it runs (nothing committed, no write-ahead
      // record), or it ran and its answer says so: what may not happen is a committed write
      // answered with no data.
      expect(write.status).toBe(403);
      expect(write.body.data ?? null).toBeNull();
      expect(write.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
      expect(await seizuresOf(ownCaseId)).toBe(before);
      expect((await rows([write.requestId])).map((row) => row.outcome)).toEqual(['DENIED']);
    },
  );
});

describe('variable defaults are checked, limited and audited like literals', () => {
  it('a protected field that @include keeps by default is denied and recorded', async () => {
    const { body: list } = await send(
      { query: '{ persons(first: 1) { edges { node { id } } } }' },
      as(analyst),
    );
    const id = (list.data as { persons: { edges: { node: { id: string } }[] } }).persons.edges[0]
      ?.node.id;
    expect(id).toBeTruthy();
    const answer = await send(
      {
        query:
          'query($id: ID!, $v: Boolean = true) { person(id: $id) { id nationalId @include(if: $v) } }',
        variables: { id },
      },
      as(analyst),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ person: { id, nationalId: null } });
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHORIZED_FIELD_OR_TYPE',
    ]);
    const [row] = await finals([answer.requestId]);
    expect(row?.fields_requested).toContain('Person.nationalId');
    expect(row?.fields_denied.map((d) => d.coordinate)).toEqual(['Person.nationalId']);
    expect(row?.outcome).toBe('PARTIAL');
  });

  it('a page size given by a default meets the same cost limit as the literal', async () => {
    const selection = 'edges { node { suspectIn { case { suspects { person { fullName } } } } } }';
    const literal = await send(
      { query: `{ persons(first: 200) { ${selection} } }` },
      as(investigator),
    );
    const byDefault = await send(
      { query: `query($n: Int = 200) { persons(first: $n) { ${selection} } }` },
      as(investigator),
    );
    const small = await send(
      { query: `query($n: Int = 1) { persons(first: $n) { ${selection} } }` },
      as(investigator),
    );
    expect([literal.status, byDefault.status, small.status]).toEqual([400, 400, 200]);
    expect(byDefault.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect((await finals([byDefault.requestId]))[0]).toMatchObject({
      http_status: 400,
      error_codes: ['OPERATION_LIMIT_EXCEEDED'],
    });
  });

  it("a page size left to the server is the server's default, for the estimate as for the answer", async () => {
    // 50 persons, their cases, those cases' suspects: the literal 50 is over the limit, and so
    // must be leaving `first` out, since the subgraph then serves 50 too.
    const selection =
      'edges { node { id suspectIn { role case { id suspects { role person { id gender fullName } } } } } }';
    const literal = await send(
      { query: `{ persons(first: 50) { ${selection} } }` },
      as(investigator),
    );
    const omitted = await send({ query: `{ persons { ${selection} } }` }, as(investigator));
    const asNull = await send(
      { query: `{ persons(first: null) { ${selection} } }` },
      as(investigator),
    );
    expect([literal.status, omitted.status, asNull.status]).toEqual([400, 400, 400]);
    for (const answer of [literal, omitted, asNull]) {
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    }
  });

  it('a list the server caps is estimated at its cap, not at a guess', async () => {
    // A room's inline observations are capped at 100: 200 rooms × 100 × 7 fields is over the
    // limit, where a guess of 20 a room (28,000) would pass; 20 rooms are well within it.
    const page = (n: number) =>
      `{ chatRooms(first: ${n}) { edges { node { observations { id kind at summary evidenceHash reportingOfficer } } } } }`;
    const many = await send({ query: page(200) }, as(analyst));
    const few = await send({ query: page(20) }, as(analyst));
    expect([many.status, few.status]).toEqual([400, 200]);
    expect(many.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(many.body.errors?.[0]?.message).toMatch(/Estimated cost 1\d{5} /);
  });
});

describe('every record is complete', () => {
  it('keeps GET variables, and cuts long values one by one', async () => {
    const query =
      'query($s: String, $id: ID!) { persons(search: $s, first: 1) { totalCount } person(id: $id) { id } }';
    const variables = { s: 'zhang', id: 'keep-me' };
    const url = new URL(hub.gatewayUrl);
    url.searchParams.set('query', query);
    url.searchParams.set('variables', JSON.stringify(variables));
    const response = await fetch(url, {
      headers: { ...as(analyst), 'x-purpose': 'ANALYSIS', 'apollo-require-preflight': '1' },
    });
    expect(response.status).toBe(200);
    const [getRow] = await finals([response.headers.get('x-request-id') ?? '']);
    expect(getRow?.variables?.id).toBe('keep-me');
    expect(getRow?.variables?.s).toMatchObject({ length: 5, hmac: expect.any(String) });

    const long = 'x'.repeat(17_000);
    const post = await send(
      {
        query,
        variables: { s: 'wang', id: 'short-id', unused: long, longId: 'i'.repeat(300) },
      },
      as(analyst),
    );
    const [row] = await finals([post.requestId]);
    expect(row?.variables?.id).toBe('short-id');
    expect(row?.variables?.unused).toMatchObject({ length: 17_000 });
    expect(row?.variables?.s).toMatchObject({ length: 4 });
    expect(JSON.stringify(row?.variables).length).toBeLessThan(2_000);
  });

  it('never stores a searched value, yet an auditor finds who searched for it', async () => {
    const term = `Sun Li ${Date.now()}`;
    const search = await send(
      {
        query: 'query($s: String) { persons(search: $s, first: 1) { totalCount } }',
        variables: { s: term },
      },
      as(analyst),
    );
    const [row] = await finals([search.requestId]);
    expect(JSON.stringify(row)).not.toContain(term);
    const found = await send(
      {
        query:
          'query($v: String) { accessLog(filter: { variableValue: $v }) { edges { node { requestId principal { sub } } } } }',
        variables: { v: term },
      },
      { ...as(auditor), 'x-purpose': 'AUDIT' },
    );
    const edges = (
      found.body.data as {
        accessLog: { edges: { node: { requestId: string; principal: { sub: string } } }[] };
      }
    ).accessLog.edges;
    expect(edges.map((e) => e.node)).toEqual([
      { requestId: search.requestId, principal: { sub: 'analyst-9' } },
    ]);
  });

  it('treats what a document says inline like a variable: hashed, findable, out of its hash', async () => {
    const term = `Zhao Min ${Date.now()}`;
    const inline = await send(
      { query: `{ persons(search: ${JSON.stringify(term)}, first: 1) { totalCount } }` },
      as(analyst),
    );
    const byDefault = await send(
      {
        query: `query($s: String = ${JSON.stringify(term)}) { persons(search: $s) { totalCount } }`,
      },
      as(analyst),
    );
    const other = await send(
      { query: '{ persons(search: "Someone Else", first: 1) { totalCount } }' },
      as(analyst),
    );
    const [a, b, c] = await finals([inline.requestId, byDefault.requestId, other.requestId]);
    for (const row of [a, b]) {
      expect(JSON.stringify(row)).not.toContain(term);
    }
    // The document hash names the operation's shape, not what it searched for.
    const hashOf = async (id: string) =>
      withAdmin(
        auditDb,
        async (client) =>
          (
            await client.query<{ document_hash: string }>(
              'SELECT document_hash FROM audit.access_log WHERE request_id = $1 AND outcome <> $2',
              [id, 'PENDING'],
            )
          ).rows[0]?.document_hash,
      );
    expect(await hashOf(inline.requestId)).toBe(await hashOf(other.requestId));
    expect(c?.value_hashes).not.toEqual(a?.value_hashes);
    const found = await send(
      {
        query:
          'query($v: String) { accessLog(filter: { variableValue: $v }) { edges { node { requestId } } } }',
        variables: { v: term },
      },
      { ...as(auditor), 'x-purpose': 'AUDIT' },
    );
    const ids = (
      found.body.data as { accessLog: { edges: { node: { requestId: string } }[] } }
    ).accessLog.edges.map((e) => e.node.requestId);
    expect(ids.sort()).toEqual([inline.requestId, byDefault.requestId].sort());
  });

  it("rations an auditor's searches by value: guessing a short value costs what it costs", async () => {
    const guesser = await hub.token({ roles: ['auditor'], sub: 'auditor-guessing' });
    const guess = (value: string) =>
      send(
        {
          query: 'query($v: String) { a: accessLog(filter: { variableValue: $v }) { totalCount } }',
          variables: { v: value },
        },
        { ...as(guesser), 'x-purpose': 'AUDIT' },
      );
    const answers = [];
    for (const day of ['01', '02', '03', '04', '05', '06', '07']) {
      answers.push(await guess(`2010-05-${day}`));
    }
    const codes = answers.map((a) => a.body.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Aliases are searches too; searches without a value are not rationed.
    const aliased = await send(
      {
        query:
          '{ a: accessLog(filter: { variableValue: "x" }) { totalCount } b: accessLog(filter: { variableValue: "y" }) { totalCount } }',
      },
      { ...as(guesser), 'x-purpose': 'AUDIT' },
    );
    expect(aliased.body.data ?? null).toBeNull();
    expect(aliased.body.errors?.map((e) => e.extensions?.code)).toContain('RATE_LIMITED');
    const plain = await send(
      { query: '{ accessLog(filter: { outcome: "OK" }) { totalCount } }' },
      { ...as(guesser), 'x-purpose': 'AUDIT' },
    );
    expect(plain.body.errors).toBeUndefined();
    // Every refused guess is itself in the trail, and other auditors keep their allowance.
    expect((await finals(answers.map((a) => a.requestId))).length).toBe(7);
    const colleague = await send(
      { query: '{ accessLog(filter: { variableValue: "x" }) { totalCount } }' },
      { ...as(auditor), 'x-purpose': 'AUDIT' },
    );
    expect(colleague.body.errors).toBeUndefined();
  });

  it('records the principal and its scopes even when the purpose is malformed', async () => {
    const answer = await send(
      { query: '{ cases(first: 1) { totalCount } }' },
      { ...as(analyst), 'x-purpose': 'CURIOSITY' },
    );
    expect(answer.status).toBe(400);
    const [row] = await finals([answer.requestId]);
    expect(row).toMatchObject({
      sub: 'analyst-9',
      purpose: 'CURIOSITY',
      outcome: 'ERROR',
      scopes: ['cyber:read', 'narcotics:read'],
    });
  });

  it('uses its own unique request id, keeping the client’s beside it', async () => {
    const same = { 'x-request-id': 'same-id-twice' };
    const [a, b] = await Promise.all([
      send({ query: '{ cases(first: 1) { totalCount } }' }, { ...as(analyst), ...same }),
      send({ query: '{ cases(first: 1) { totalCount } }' }, { ...as(analyst), ...same }),
    ]);
    expect(a?.requestId).not.toBe(b?.requestId);
    const recorded = await finals([a?.requestId ?? '', b?.requestId ?? '']);
    expect(recorded.map((row) => row.client_request_id)).toEqual([
      'same-id-twice',
      'same-id-twice',
    ]);
  });
});

/** A document of a few hundred bytes whose fragments expand to 2^levels copies of `leaf`. */
function fragmentBomb(root: string, on: string, levels: number, leaf: string): string {
  const chain = Array.from(
    { length: levels },
    (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`,
  );
  return `query Bomb { ${root} } ${chain.join(' ')} fragment F${levels} on ${on} { ${leaf} }`;
}

describe('wrong requests get the right status, a stable code and a record', () => {
  const INVALID = ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_NOT_SUPPORTED'];
  it.each([
    ['a subscription', 'subscription { cases { totalCount } }', undefined, INVALID],
    [
      'a malformed date literal',
      '{ accessLog(filter: { from: "last week" }) { edges { cursor } } }',
      undefined,
      INVALID,
    ],
    [
      'a malformed date variable',
      'query($f: AccessLogFilter) { accessLog(filter: $f) { edges { cursor } } }',
      { f: { from: 'last week' } },
      INVALID,
    ],
    [
      'a malformed Date input',
      'query { seizureTotals(filter: { from: "soon" }) { seizures } }',
      undefined,
      INVALID,
    ],
    [
      'a null given for a directive argument through a nullable variable with a default',
      'query($v: Boolean = true) { platforms { code @include(if: $v) } }',
      { v: null },
      ['BAD_USER_INPUT'],
    ],
    // Each doubles with every level: 2^40 selections if expanded, refused after a bounded walk.
    [
      'a fragment bomb at the root',
      fragmentBomb('...F0', 'Query', 40, 'platforms { code }'),
      undefined,
      ['OPERATION_LIMIT_EXCEEDED'],
    ],
    [
      'a fragment bomb under a single object',
      fragmentBomb('accessLogIntegrity: auditIntegrity { ...F0 }', 'AuditIntegrity', 40, 'length'),
      undefined,
      ['OPERATION_LIMIT_EXCEEDED'],
    ],
    [
      'a fragment bomb under a list',
      fragmentBomb('accessLog(first: 1) { edges { node { ...F0 } } }', 'AccessLogEntry', 40, 'id'),
      undefined,
      ['OPERATION_LIMIT_EXCEEDED'],
    ],
  ])('%s', async (_name, query, variables, codes) => {
    const answer = await send(
      { query, ...(variables ? { variables } : {}) },
      { ...as(auditor), 'x-purpose': 'AUDIT' },
    );
    expect(answer.status).toBe(400);
    expect(codes).toContain(answer.body.errors?.[0]?.extensions?.code);
    const [row] = await finals([answer.requestId]);
    expect(row).toMatchObject({ http_status: 400, outcome: 'ERROR' });
  });

  it.each([
    [
      'a persisted-query hash alone',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } },
    ],
    [
      'a persisted-query version the hub never spoke',
      { query: '{ platforms { code } }', extensions: { persistedQuery: { version: 2 } } },
    ],
    [
      'a persisted-query extension that is not an object',
      { query: '{ platforms { code } }', extensions: { persistedQuery: 'x' } },
    ],
  ])(
    '%s: persisted queries are not served (no cache shared between callers)',
    async (_name, body) => {
      const answer = await send(body, as(analyst));
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toMatch(
        /^(PERSISTED_QUERY_NOT_SUPPORTED|BAD_REQUEST)$/,
      );
      const [row] = await finals([answer.requestId]);
      expect(row).toMatchObject({ http_status: 400, outcome: 'ERROR', sub: 'analyst-9' });
    },
  );
});

describe('the audit trail is never a second copy of protected data', () => {
  it('keeps no juvenile record detail of a write, nor what officers searched for', async () => {
    const judge = await hub.token({ roles: ['juvenile_officer'], sub: 'judge-9' });
    const { body: people } = await send(
      { query: '{ persons(first: 1) { edges { node { id } } } }' },
      as(investigator),
    );
    const personId = (people.data as { persons: { edges: { node: { id: string } }[] } }).persons
      .edges[0]?.node.id;
    expect(personId).toBeTruthy();
    const secrets = {
      dateOfBirth: '2010-05-17',
      offence: 'Sold ketamine at the Xiguan night market',
      offenceDate: '2025-06-01',
      guardianName: 'Ma Lan (aunt)',
      guardianContact: '+86 931 555 0199',
      school: 'Qilihe No. 3 Middle School',
      disposition: 'Probation',
    };
    const write = await send(
      {
        query: `mutation Record($input: RecordJuvenileOffenceInput!) {
          recordJuvenileOffence(input: $input) { __typename }
        }`,
        variables: { input: { personId, sentenceMonths: 6, ...secrets } },
      },
      { ...as(judge), 'x-purpose': 'JUDICIAL:court-order-77' },
    );
    expect(write.status).toBe(200);
    const searches = await Promise.all(
      ['Ding Huiqiang', '620102199905170011'].map((term) =>
        send(
          {
            query: 'query($s: String) { persons(search: $s, first: 1) { totalCount } }',
            variables: { s: term },
          },
          as(analyst),
        ),
      ),
    );
    const ids = [write.requestId, ...searches.map((s) => s.requestId)];
    const stored = JSON.stringify(await rows(ids));
    const read = await send(
      {
        query: `query($id: String) { accessLog(filter: { requestId: $id }) {
          edges { node { variables operationName fieldsRequested recordsAccessed { type id } } } } }`,
        variables: { id: write.requestId },
      },
      { ...as(auditor), 'x-purpose': 'AUDIT' },
    );
    expect(read.status).toBe(200);
    const seenByAuditor = JSON.stringify(read.body);
    expect(seenByAuditor).toContain('Record');
    for (const value of [...Object.values(secrets), 'Ding Huiqiang', '620102199905170011']) {
      expect(stored).not.toContain(value);
      expect(seenByAuditor).not.toContain(value);
    }
    // Ids, enums and numbers stay readable: the record the write was about.
    expect(seenByAuditor).toContain(String(personId));
  });
});
