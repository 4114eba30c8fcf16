/* The gateway against the GraphQL-over-HTTP conformance audit of the graphql-http package. */
import { auditServer } from 'graphql-http';

import { startTestHub, type TestHub } from './support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

it('passes every MUST of the GraphQL-over-HTTP audit', async () => {
  const token = await hub.token({ roles: ['bureau_analyst'] });
  const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url: hub.gatewayUrl, fetchFn });
  const failures = results.filter((result) => result.status === 'error');
  const summary = failures.map((f) => `${f.id} ${f.name}: ${'reason' in f ? f.reason : ''}`);
  expect(summary).toEqual([]);
  const ok = results.filter((result) => result.status === 'ok').length;
  // Recorded for the README: how many of the audit's checks pass outright.
  console.log(
    `graphql-http audit: ${ok} of ${results.length} ok, ${failures.length} MUST failures`,
  );
});
