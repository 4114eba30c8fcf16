/**
 * The audit console and GraphiQL in a real browser (Debian's Chromium driven by playwright-core:
 * never a downloaded browser) against a real hub with the demo seed and audited traffic.
 * Set HUB_CONSOLE_SCREENSHOTS=1 to write the README's screenshots to docs/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';

import { makeConsoleTraffic, type Traffic } from './support/console-traffic.js';
import { startTestHub, type TestHub } from './support/hub.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.HUB_CONSOLE_SCREENSHOTS
  ? path.join(__dirname, '..', 'docs', 'screenshots')
  : undefined;

let hub: TestHub;
let base: string;
let browser: Browser;
let traffic: Traffic;
let auditor: string;
const hostsSeen = new Set<string>();

jest.setTimeout(180_000);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  }
  hub = await startTestHub({ seed: true });
  base = hub.gatewayUrl.replace(/\/graphql$/, '');
  traffic = await makeConsoleTraffic(hub);
  auditor = await hub.token({ roles: ['auditor'], sub: 'auditor-e2e', agency: 'GS-AUD' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  if (SHOTS) {
    await mkdir(SHOTS, { recursive: true });
  }
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1500, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:') {
      hostsSeen.add(`${url.protocol}//${url.host}`);
    }
  });
  return page;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.fill('textarea[name=token]', token);
  await page.click('.sign-in button[type=submit]');
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
}

/** What `read` returns once it satisfies `holds` (retried until then, for at most `ms`). */
async function poll<T>(read: () => Promise<T>, holds: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!holds(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

interface ApiEntry {
  id: string;
  principal: { sub: string | null };
}

async function apiEntries(filter: Record<string, string>): Promise<ApiEntry[]> {
  const entries: ApiEntry[] = [];
  let after: string | null = null;
  do {
    const result: Awaited<ReturnType<typeof hub.query<{ accessLog: Connection }>>> =
      await hub.query<{ accessLog: Connection }>(
        `query ($filter: AccessLogFilter, $after: String) {
          accessLog(filter: $filter, first: 200, after: $after) {
            pageInfo { hasNextPage endCursor } edges { node { id principal { sub } } } } }`,
        { token: auditor, purpose: 'AUDIT', variables: { filter, after } },
      );
    const log = result.body.data?.accessLog;
    if (!log) {
      throw new Error(JSON.stringify(result.body));
    }
    entries.push(...log.edges.map((e) => e.node));
    after = log.pageInfo.hasNextPage ? log.pageInfo.endCursor : null;
  } while (after);
  return entries;
}

interface Connection {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: ApiEntry }[];
}

describe('audit console', () => {
  it('shows an auditor the log, who saw a record, an entry, pages, charts and integrity; exports CSV', async () => {
    const page = await openPage();
    await signIn(page, auditor);
    await expect(page.getByTestId('identity-roles').textContent()).resolves.toBe('auditor');
    await expect(page.getByTestId('identity-agency').textContent()).resolves.toBe('GS-AUD');

    // Integrity in plain sight, and checked again on demand.
    await page.getByTestId('chain-verified').waitFor();
    expect(await page.getByTestId('chain-verified').textContent()).toMatch(/^yes/);
    const length = Number(await page.getByTestId('chain-length').textContent());
    expect(length).toBeGreaterThanOrEqual(traffic.entries);
    const checkedAt = await page.getByTestId('chain-checked-at').textContent();
    await page.click('text=Check again');
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid=chain-checked-at]')?.textContent !== before,
      checkedAt,
    );
    expect(Number(await page.getByTestId('chain-length').textContent())).toBeGreaterThan(length);

    // Every chart drew data.
    for (const chart of ['per-hour', 'denials', 'sealed']) {
      const figure = page.locator(`[data-chart=${chart}]`);
      await figure.waitFor();
      expect(Number(await figure.getAttribute('data-points'))).toBeGreaterThan(0);
      const drawn = await figure
        .locator('canvas')
        .evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.toDataURL().length);
      expect(drawn).toBeGreaterThan(1000);
    }
    await page.locator('tbody tr').first().waitFor();
    await shot(page, 'console-overview');

    // Page forward through the log.
    const firstPage = await page.locator('tbody tr').first().getAttribute('data-entry-id');
    expect(await page.getByTestId('page-range').textContent()).toMatch(/^1–50 of \d+/);
    await page.click('text=Older →');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=page-range]')?.textContent?.startsWith('51–'),
    );
    const secondPage = await page.locator('tbody tr').first().getAttribute('data-entry-id');
    expect(Number(secondPage)).toBeLessThan(Number(firstPage));

    // "Who saw this record?"
    await page.fill('input[name=recordType]', 'JuvenileRecord');
    await page.fill('input[name=recordId]', traffic.recordId);
    await page.click('text=Apply filters');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=page-range]')?.textContent?.startsWith('1–2 of 2'),
    );
    const officers = await page.locator('tbody td.officer').allTextContents();
    expect(new Set(officers)).toEqual(new Set([traffic.officer]));

    // An entry's detail: records accessed, hashes, ids.
    await page.locator('tbody tr').first().click();
    const detail = page.getByLabel('Entry detail');
    await detail.waitFor();
    const text = await detail.textContent();
    expect(text).toContain(`JuvenileRecord ${traffic.recordId}`);
    expect(text).toContain('JUDICIAL — COURT-2026-17');
    expect(await page.getByTestId('entry-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await shot(page, 'console-who-saw-record');

    // Export the filtered entries as CSV; its rows are the API's.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.export button[value=csv]'),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const api = await apiEntries({ recordType: 'JuvenileRecord', recordId: traffic.recordId });
    expect(rows.map((r) => r.id)).toEqual(api.map((e) => e.id));
    expect(rows.map((r) => r.officer)).toEqual(api.map((e) => e.principal.sub));
    expect(rows[0]?.recordsAccessed).toContain(`JuvenileRecord:${traffic.recordId}`);
    await page.context().close();
  });

  it('refuses the log to a bureau analyst, with a clear message and no data', async () => {
    const page = await openPage();
    await signIn(page, await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-9' }));
    const refused = page.getByTestId('refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Access refused: the audit log is for auditors/);
    expect(await page.locator('tbody tr').count()).toBe(0);
    expect(await page.locator('[data-chart]').count()).toBe(0);
    await shot(page, 'console-refused');
    await page.context().close();
  });
});

describe('query explorer', () => {
  it('runs a query with the token and purpose, with schema docs from the hub alone', async () => {
    const page = await openPage();
    await page.goto(`${base}/graphiql`);
    await page.fill('input[name=token]', auditor);
    await page.selectOption('select[name=purpose]', 'AUDIT');
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('query Chain { auditIntegrity { verified length } }');
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    const answer = await poll(
      () => response.textContent(),
      (text) => /"verified":\s*true/.test(text ?? ''),
    );
    expect(answer).toMatch(/"verified":\s*true/);

    // Autocomplete from the introspected schema (no network but the hub).
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ accessLogDen');
    await page.keyboard.press('Control+Space');
    const suggested = () => page.locator('.suggest-widget').first().textContent();
    expect(await poll(suggested, (text) => !!text?.includes('accessLogDenialsByAgency'))).toContain(
      'accessLogDenialsByAgency',
    );

    // Schema docs.
    await page.click('[aria-label="Show Documentation Explorer"]');
    const docs = () => page.locator('.graphiql-doc-explorer').first().textContent();
    expect(await poll(docs, (text) => !!text?.includes('Query'))).toContain('Query');
    await shot(page, 'graphiql');
    await page.context().close();
  });
});

describe('offline', () => {
  it("made no request to any host but the hub's (run after the pages above)", () => {
    // No CDN, no font host, no telemetry: every page, script, style and font came from the hub.
    expect([...hostsSeen]).toEqual([base]);
  });
});
