/**
 * Audited traffic for the console's tests: real requests through the gateway by several roles,
 * so the trail holds what an auditor looks for — reads of one juvenile record by a named
 * officer, sealed-record reads under a court order, withheld fields, refusals, and enough
 * plain reads to page through.
 */
import type { TestHub } from './hub.js';

export interface Traffic {
  /** A juvenile record read by {@link Traffic.officer} (and by nobody else). */
  readonly recordId: string;
  readonly officer: string;
  /** Entries the trail held when the traffic was done (it grows with every later request). */
  readonly entries: number;
}

export async function makeConsoleTraffic(hub: TestHub, plainReads = 120): Promise<Traffic> {
  const officer = 'judge-clerk-7';
  const juvenile = await hub.token({
    roles: ['juvenile_officer'],
    sub: officer,
    agency: 'GS-JUV',
  });
  const sealed = await hub.query<{ juvenileRecords: { edges: { node: { id: string } }[] } }>(
    '{ juvenileRecords(filter: { sealed: true }, first: 5) { edges { node { id sealed } } } }',
    { token: juvenile, purpose: 'JUDICIAL:COURT-2026-17' },
  );
  const recordId = sealed.body.data?.juvenileRecords.edges[0]?.node.id;
  if (!recordId) {
    throw new Error(`no sealed juvenile record in the demo seed: ${JSON.stringify(sealed.body)}`);
  }
  await hub.query('query OneRecord($id: ID!) { juvenileRecord(id: $id) { id sealed } }', {
    token: juvenile,
    purpose: 'JUDICIAL:COURT-2026-17',
    variables: { id: recordId },
  });
  const analyst = await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-3' });
  await hub.query(
    'query Suspects { cases(first: 3) { edges { node { caseNumber suspects { person { fullName nationalId } } } } } }',
    { token: analyst },
  );
  await hub.query('query Juvenile { juvenileRecords(first: 1) { edges { node { id } } } }', {
    token: analyst,
  });
  const cyber = await hub.token({ roles: ['cyber_analyst'], sub: 'cyber-2', agency: 'GS-CYB' });
  await hub.query('query Narcotics { cases(first: 1) { totalCount } }', { token: cyber });
  const investigator = await hub.token({ roles: ['narcotics_investigator'], sub: 'inv-5' });
  for (let i = 0; i < plainReads; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, plainReads - i) }, () =>
        hub.query('query Cases { cases(first: 2) { edges { node { caseNumber title } } } }', {
          token: investigator,
          purpose: `PROSECUTION:CASE-${100 + (i % 7)}`,
        }),
      ),
    );
  }
  const auditor = await hub.token({ roles: ['auditor'], sub: 'traffic-auditor' });
  const integrity = await hub.query<{ auditIntegrity: { length: number } }>(
    '{ auditIntegrity { length } }',
    { token: auditor, purpose: 'AUDIT' },
  );
  return { recordId, officer, entries: integrity.body.data?.auditIntegrity.length ?? 0 };
}
