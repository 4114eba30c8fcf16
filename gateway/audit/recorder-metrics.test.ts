/*
 * The audit recorder's metrics when the store cannot be written: a real failure (nothing
 * listens on the port), no mock.
 */
import { createServer } from 'node:net';

import { registry } from '../../platform/metrics.js';
import type { AuditRow } from '../../schema/audit-row.js';

import { AuditRecorder } from './recorder.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const entry = metric?.values.find((v) =>
    Object.entries(labels).every(([key, wanted]) => v.labels[key] === wanted),
  );
  return entry?.value ?? 0;
}

it('counts the records an unreachable store could not take, and leaves no queue behind', async () => {
  const recorder = new AuditRecorder(`postgres://nobody@127.0.0.1:${await closedPort()}/none`);
  const before = await value('hub_audit_failures_total', { kind: 'store' });
  const row = { request_id: 'r' } as unknown as AuditRow;
  const results = await Promise.allSettled([recorder.record(row), recorder.record(row)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(await value('hub_audit_failures_total', { kind: 'store' })).toBe(before + 2);
  expect(await value('hub_audit_queue_depth')).toBe(0);
  await recorder.close();
});
