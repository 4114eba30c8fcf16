/*
 * A hostile client with only a port: malformed request lines and targets, header garbage,
 * wrong and missing content types, invalid UTF-8, truncated and oversize bodies, chunked
 * encodings — sent as raw bytes to the gateway and to a subgraph. Every request gets a 4xx
 * (or, for a request the client itself cut off, a closed connection), never a 5xx, and the
 * process keeps serving. Refusals on the GraphQL endpoint are audited.
 */
import { withAdmin } from '../support/database.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { rawHttp, rawRequest } from '../support/raw-http.js';

let hub: TestHub;
let gatewayPort: number;
let subgraphPort: number;

beforeAll(async () => {
  hub = await startTestHub({ seed: true, env: { HUB_MAX_BODY_BYTES: '65536' } });
  gatewayPort = Number(new URL(hub.gatewayUrl).port);
  subgraphPort = Number(new URL(hub.subgraphUrls.cyber ?? '').port);
}, 120_000);
afterAll(() => hub?.stop());

const json = { host: 'localhost', 'content-type': 'application/json', connection: 'close' };
const query = JSON.stringify({ query: '{ __typename }' });

/** name → bytes; each is sent on a fresh connection. */
function attacks(path: string): [string, string | Buffer | (string | Buffer)[], boolean?][] {
  return [
    ['target //[', 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['absolute target http://[', 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['target *', 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['no target', 'GET  HTTP/1.1\r\nHost: x\r\n\r\n'],
    [
      'bad percent-encoding',
      `GET ${path}?query=%zz%G0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    ],
    ['NUL in target', `GET ${path}?query=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
    ['very long target', `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['unknown method', `FOO ${path} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['wrong method', rawHttp('DELETE', path, json)],
    [
      'PUT with a body',
      rawHttp('PUT', path, { ...json, 'content-length': String(query.length) }, query),
    ],
    ['HTTP/9.9', `GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n`],
    ['binary garbage', Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])],
    ['header without a colon', `GET /healthz HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n`],
    ['control character in a header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n`],
    ['header too large', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(70_000)}\r\n\r\n`],
    [
      'Host [',
      rawHttp('GET', `${path}?query=%7B__typename%7D`, { host: '[', connection: 'close' }),
    ],
    ['two Hosts', `GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n`],
    [
      'text/plain',
      rawHttp(
        'POST',
        path,
        { ...json, 'content-type': 'text/plain', 'content-length': String(query.length) },
        query,
      ),
    ],
    [
      'no content type',
      rawHttp(
        'POST',
        path,
        { host: 'x', connection: 'close', 'content-length': String(query.length) },
        query,
      ),
    ],
    [
      'multipart',
      rawHttp(
        'POST',
        path,
        { ...json, 'content-type': 'multipart/form-data; boundary=x', 'content-length': '4' },
        '--x\n',
      ),
    ],
    [
      'form',
      rawHttp(
        'POST',
        path,
        { ...json, 'content-type': 'application/x-www-form-urlencoded', 'content-length': '7' },
        'query=1',
      ),
    ],
    ['invalid JSON', rawHttp('POST', path, { ...json, 'content-length': '9' }, '{"query":')],
    ['empty JSON body', rawHttp('POST', path, { ...json, 'content-length': '0' })],
    ['JSON array (batch)', rawHttp('POST', path, { ...json, 'content-length': '5' }, '[1,2]')],
    ['JSON string', rawHttp('POST', path, { ...json, 'content-length': '4' }, '"xy"')],
    [
      '__proto__ poisoning',
      rawHttp(
        'POST',
        path,
        { ...json, 'content-length': '40' },
        '{"__proto__":{"x":1},"query":"{ a }"}   ',
      ),
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from(rawHttp('POST', path, { ...json, 'content-length': '18' })),
        Buffer.from([
          0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x22, 0x7d, 0x20,
          0x20, 0x20, 0x20,
        ]),
      ]),
    ],
    [
      'oversize Content-Length',
      rawHttp('POST', path, { ...json, 'content-length': '10000000' }, '{"query":"'),
    ],
    [
      'oversize chunked body',
      [
        rawHttp('POST', path, { ...json, 'transfer-encoding': 'chunked' }),
        ...Array.from({ length: 3 }, () => `8000\r\n${'x'.repeat(0x8000)}\r\n`),
        '0\r\n\r\n',
      ],
    ],
    [
      'bad chunk size',
      `${rawHttp('POST', path, { ...json, 'transfer-encoding': 'chunked' })}zz\r\nabc\r\n0\r\n\r\n`,
    ],
    [
      'chunked and Content-Length',
      `${rawHttp('POST', path, { ...json, 'transfer-encoding': 'chunked', 'content-length': '5' })}0\r\n\r\n`,
    ],
    [
      'two Content-Lengths',
      `${rawHttp('POST', path, { ...json, 'content-length': '2' }).replace('\r\n\r\n', '\r\nContent-Length: 3\r\n\r\n')}{}`,
    ],
    ['negative Content-Length', rawHttp('POST', path, { ...json, 'content-length': '-1' }, '{}')],
    [
      'unknown transfer encoding',
      rawHttp('POST', path, { ...json, 'transfer-encoding': 'gzip' }, '{}'),
    ],
    [
      'truncated body, connection closed',
      rawHttp('POST', path, { ...json, 'content-length': '100' }, '{"query":"{'),
      true,
    ],
  ];
}

async function stillServing(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(response.status).toBe(200);
}

describe.each([
  ['the gateway', () => gatewayPort],
  ['a subgraph', () => subgraphPort],
])('%s under raw-socket attack', (_name, port) => {
  it('answers every malformed request with a 4xx and keeps serving', async () => {
    const results: Record<string, number | null> = {};
    for (const [name, bytes, cutOff] of attacks('/graphql')) {
      const answer = await rawRequest(port(), bytes, { end: cutOff === true, timeoutMs: 4_000 });
      results[name] = answer.status;
      await stillServing(port());
    }
    const offending = Object.entries(results).filter(([name, status]) =>
      status === null
        ? !name.startsWith('truncated') && !name.startsWith('oversize')
        : status < 400 || status >= 500,
    );
    expect(offending).toEqual([]);
    // A request the client cut off has nobody to answer, but most get an answer all the same.
    const answered = Object.values(results).filter((status) => status !== null).length;
    expect(answered).toBeGreaterThanOrEqual(Object.keys(results).length - 2);
  }, 120_000);
});

describe('refusals on the gateway’s GraphQL endpoint are audited', () => {
  it('records 405, 413, 415 and 400 with their status', async () => {
    const answers = [];
    for (const bytes of [
      rawHttp('DELETE', '/graphql', { host: 'x', connection: 'close', 'x-request-id': 'fuzz-405' }),
      rawHttp(
        'POST',
        '/graphql',
        { ...json, 'x-request-id': 'fuzz-413', 'content-length': '10000000' },
        '{',
      ),
      rawHttp(
        'POST',
        '/graphql',
        {
          ...json,
          'x-request-id': 'fuzz-415',
          'content-type': 'text/plain',
          'content-length': '2',
        },
        '{}',
      ),
      rawHttp(
        'POST',
        '/graphql',
        { ...json, 'x-request-id': 'fuzz-400', 'content-length': '1' },
        '{',
      ),
    ]) {
      answers.push((await rawRequest(gatewayPort, bytes)).status);
    }
    expect(answers).toEqual([405, 413, 415, 400]);
    const rows = await withAdmin(
      hub.databases.audit ?? '',
      async (client) =>
        (
          await client.query<{ client_request_id: string; http_status: number; outcome: string }>(
            `SELECT client_request_id, http_status, outcome FROM audit.access_log
            WHERE client_request_id LIKE 'fuzz-%' ORDER BY client_request_id`,
          )
        ).rows,
    );
    expect(rows).toEqual([
      { client_request_id: 'fuzz-400', http_status: 400, outcome: 'ERROR' },
      { client_request_id: 'fuzz-405', http_status: 405, outcome: 'ERROR' },
      { client_request_id: 'fuzz-413', http_status: 413, outcome: 'ERROR' },
      { client_request_id: 'fuzz-415', http_status: 415, outcome: 'ERROR' },
    ]);
  });
});

describe('every refusal on the gateway is recorded and answered in the hub’s error shape', () => {
  const count = () =>
    withAdmin(hub.databases.audit ?? '', async (client) =>
      Number((await client.query('SELECT count(*) AS n FROM audit.access_log')).rows[0].n),
    );
  const statuses = () =>
    withAdmin(
      hub.databases.audit ?? '',
      async (client) =>
        (
          await client.query<{ http_status: number; sub: string | null }>(
            'SELECT http_status, sub FROM audit.access_log ORDER BY seq DESC LIMIT 1',
          )
        ).rows[0],
    );

  it.each([
    [
      'an absolute-form target',
      'POST http://127.0.0.1/graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      400,
    ],
    ['HTTP/1.0 without a Host', 'POST /graphql HTTP/1.0\r\nContent-Length: 0\r\n\r\n', 400],
    [
      'a Host that cannot form a URL',
      'POST /graphql HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      400,
    ],
    [
      'two Hosts',
      'POST /graphql HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      400,
    ],
    [
      'a path the gateway does not serve',
      'POST /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      404,
    ],
    ['target //[', 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    [
      'a header too large (refused by the parser)',
      `GET /graphql HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(70_000)}\r\n\r\n`,
      431,
    ],
    [
      'Content-Length beside chunked (refused by the parser)',
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
    ['a bad HTTP version (refused by the parser)', 'GET /graphql HTTP/9.9\r\nHost: x\r\n\r\n', 400],
    [
      'an Expect other than 100-continue (Node would answer a bare 417 itself)',
      'POST /graphql HTTP/1.1\r\nHost: x\r\nExpect: banana\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      417,
    ],
    [
      'CONNECT to an authority (Node would drop it silently)',
      'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n',
      400,
    ],
    [
      'a path that does not percent-decode (refused by the router, before any hook)',
      'POST /graphql%zz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      400,
    ],
    [
      'an overlong UTF-8 path (refused by the router)',
      'GET /%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      400,
    ],
    ['CONNECT to the GraphQL path', 'CONNECT /graphql HTTP/1.1\r\nHost: x\r\n\r\n', 404],
  ])('%s', async (_name, bytes, status) => {
    const before = await count();
    const answer = await rawRequest(gatewayPort, bytes);
    expect(answer.status).toBe(status);
    const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as {
      errors?: { extensions?: { code?: string } }[];
    };
    expect(body.errors?.[0]?.extensions?.code).toMatch(/^[A-Z_]+$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await count()).toBe(before + 1);
    expect((await statuses())?.http_status).toBe(status);
  });

  it.each([
    ['the gateway', () => gatewayPort, true],
    ['a subgraph', () => subgraphPort, false],
  ])(
    '%s answers a body that never finishes arriving with 408 and closes it (no slowloris)',
    async (_name, port, audited) => {
      const before = await count();
      // Headers complete, one byte of a 100-byte body, then silence: Node's own requestTimeout
      // no longer watches a request a handler holds, so the connection stayed open for good.
      const answer = await rawRequest(
        port(),
        'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        { timeoutMs: 45_000 },
      );
      expect(answer.status).toBe(408);
      expect(answer.text).toMatch(/"code":"BAD_REQUEST"/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (audited) {
        expect(await count()).toBe(before + 1);
        expect((await statuses())?.http_status).toBe(408);
      }
      await stillServing(port());
    },
    60_000,
  );

  it('records the caller of a refused request whenever its token was valid', async () => {
    const token = await hub.token({ roles: ['bureau_analyst'], sub: 'fuzz-caller' });
    const answer = await rawRequest(
      gatewayPort,
      `POST http://127.0.0.1/graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(answer.status).toBe(400);
    expect(await statuses()).toMatchObject({ http_status: 400, sub: 'fuzz-caller' });
  });

  it('keeps plain reads of its own pages and health out of the trail', async () => {
    const before = await count();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(`http://127.0.0.1:${gatewayPort}${path}`)).status).toBeLessThan(500);
    }
    expect(await count()).toBe(before);
  });
});
