/**
 * Sealing as data: the law seals offences committed under 18 with a combined sentence of at
 * most 60 months and unseals every record of the person when a new, newly found or revised
 * offence pushes it above, with the reason kept. A write answers the record only to callers who
 * may read sealed records, and reports what it unsealed. Bad input is refused and leaves no trace.
 */
import pg from 'pg';

import { withAdmin } from '../../test/support/database.js';
import { asRuntimeRole, runtimeClient, vouchedFor } from '../../test/support/runtime-role.js';
import {
  principalFor,
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId, internalId } from '../kit/index.js';

import { juvenileSubgraph } from './index.js';

const JUDICIAL: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'JUDICIAL', reference: 'COURT-2026-17' },
};
const INVESTIGATION: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'INVESTIGATION', reference: 'ND-2026-0001' },
};
/** A judicial writer who may not read sealed records (no juvenile:sealed). */
const UNSEALED_ONLY_JUDGE: CallerOptions = {
  ...JUDICIAL,
  scopes: ['juvenile:read', 'juvenile:write', 'narcotics:read', 'pii:read'],
};

const RECORD_FIELDS = /* GraphQL */ `
  fragment RecordFields on JuvenileRecord {
    id
    sealed
    sealedAt
    sealReason
    ageAtOffence
    sentenceMonths
    sealHistory {
      sealed
      reason
      combinedSentenceMonths
    }
  }
`;
const RECORD_OFFENCE = /* GraphQL */ `
  mutation ($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      record {
        ...RecordFields
      }
    }
  }
  ${RECORD_FIELDS}
`;
/** What a caller who may not read sealed records may select of a write's answer. */
const RECORD_OFFENCE_PLAIN = /* GraphQL */ `
  mutation ($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      record {
        id
        sealed
      }
    }
  }
`;
/** A write whose answer reads no record (what it unseals is reported all the same). */
const RECORD_OFFENCE_SILENT = /* GraphQL */ `
  mutation ($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      __typename
    }
  }
`;
const RECORD_DISPOSITION = /* GraphQL */ `
  mutation ($input: RecordDispositionInput!) {
    recordDisposition(input: $input) {
      record {
        ...RecordFields
      }
    }
  }
  ${RECORD_FIELDS}
`;
const RECORD_BY_ID = /* GraphQL */ `
  query ($id: ID!) {
    juvenileRecord(id: $id) {
      ...RecordFields
    }
  }
  ${RECORD_FIELDS}
`;
/** A record by id without the fields that weigh every record (for non-judicial callers). */
const PLAIN_RECORD_BY_ID = /* GraphQL */ `
  query ($id: ID!) {
    juvenileRecord(id: $id) {
      id
      sealed
      sealedAt
      sentenceMonths
      sealHistory {
        sealed
      }
    }
  }
`;

interface SealChange {
  sealed: boolean;
  reason: string;
  combinedSentenceMonths: number;
}
interface Rec {
  id: string;
  sealed: boolean;
  sealedAt: string | null;
  sealReason: string;
  ageAtOffence: number;
  sentenceMonths: number | null;
  sealHistory: SealChange[];
}

let subgraph: TestSubgraph;
/** Persons above the seed's 1..300, one per test, so tests do not weigh each other's records. */
let nextPerson = 9000;

beforeAll(async () => {
  subgraph = await startTestSubgraph(juvenileSubgraph, { seed: true });
});

afterAll(async () => {
  await subgraph.stop();
});

function offence(personId: number, overrides: Record<string, unknown> = {}) {
  return {
    personId: externalId('Person', personId),
    dateOfBirth: '2009-04-10',
    caseId: externalId('Case', 7),
    offence: 'Selling ketamine to classmates',
    offenceDate: '2024-03-01',
    disposition: 'Fixed-term imprisonment',
    sentenceMonths: 36,
    guardianName: 'Wang Hua (mother)',
    guardianContact: 'guardian@example.invalid',
    school: 'Lanzhou No. 9 Middle School',
    ...overrides,
  };
}

async function record(
  personId: number,
  overrides: Record<string, unknown> = {},
  caller = JUDICIAL,
): Promise<Rec | null> {
  const result = await subgraph.query<{ recordJuvenileOffence: { record: Rec | null } }>(
    RECORD_OFFENCE,
    { ...caller, variables: { input: offence(personId, overrides) } },
  );
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.recordJuvenileOffence.record ?? null;
}

/** The record by id: every field for a judicial caller, the plain ones for anyone else. */
async function read(id: string, caller = JUDICIAL): Promise<Rec | null> {
  const result = await subgraph.query<{ juvenileRecord: Rec | null }>(
    caller === JUDICIAL ? RECORD_BY_ID : PLAIN_RECORD_BY_ID,
    { ...caller, variables: { id } },
  );
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.juvenileRecord ?? null;
}

function recordsOf(personId: number): Promise<number> {
  return withAdmin(subgraph.database.url, async (client) => {
    const rows = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM juvenile.juvenile_records WHERE person_id = $1',
      [personId],
    );
    return rows.rows[0]?.n ?? 0;
  });
}

describe('the sealing law', () => {
  it('seals an offence committed under 18 with a sentence of at most 60 months', async () => {
    const sealed = await record((nextPerson += 1));

    expect(sealed).toMatchObject({
      sealed: true,
      sealedAt: expect.any(String),
      ageAtOffence: 14,
      // The record is named as clients know it (DESIGN §6: no database id reaches a client).
      sealReason: `Sealed by law: 14 at the offence, combined sentence 36 months (at most 60); a new or newly found offence was recorded`,
      sealHistory: [{ sealed: true, combinedSentenceMonths: 36 }],
    });
  });

  it('keeps a combined sentence of exactly 60 months sealed', async () => {
    const person = (nextPerson += 1);
    const first = await record(person, { sentenceMonths: 30 });
    const second = await record(person, { offenceDate: '2025-01-20', sentenceMonths: 30 });

    expect(second).toMatchObject({ sealed: true, ageAtOffence: 15 });
    expect(await read(first?.id ?? '')).toMatchObject({ sealed: true });
  });

  it('unseals the earlier record when a second offence pushes the total over 60 months', async () => {
    const person = (nextPerson += 1);
    const first = await record(person, { sentenceMonths: 36 });
    expect(first?.sealed).toBe(true);
    expect(await read(first?.id ?? '', INVESTIGATION)).toBeNull();

    const second = await record(person, { offenceDate: '2025-02-01', sentenceMonths: 30 });

    expect(second).toMatchObject({
      sealed: false,
      sealedAt: null,
      sealReason: `Not sealed: combined sentence 66 months exceeds 60; a new or newly found offence was recorded`,
    });
    const earlier = await read(first?.id ?? '');
    expect(earlier).toMatchObject({
      sealed: false,
      sealedAt: null,
      sealReason: `Unsealed: combined sentence 66 months exceeds 60; a new or newly found offence was recorded`,
      sealHistory: [
        { sealed: true, combinedSentenceMonths: 36, reason: first?.sealReason },
        { sealed: false, combinedSentenceMonths: 66 },
      ],
    });
    expect(await read(first?.id ?? '', INVESTIGATION)).toMatchObject({ sealed: false });
  });

  it('keeps who changed the seal and in which request, and refuses to rewrite that history', async () => {
    const person = (nextPerson += 1);
    const first = await record(person, { sentenceMonths: 40 });
    await record(person, { offenceDate: '2025-06-01', sentenceMonths: 40 });

    await withAdmin(subgraph.database.url, async (client) => {
      const history = await client.query(
        `SELECT sealed, changed_by, request_id IS NOT NULL AS has_request
           FROM juvenile.seal_changes WHERE record_id = $1 ORDER BY id`,
        [internalId('JuvenileRecord', first?.id ?? '')],
      );
      const officer = principalFor(JUDICIAL).sub;
      expect(history.rows).toEqual([
        { sealed: true, changed_by: officer, has_request: true },
        { sealed: false, changed_by: officer, has_request: true },
      ]);
      await expect(
        client.query('DELETE FROM juvenile.seal_changes WHERE record_id = $1', [
          internalId('JuvenileRecord', first?.id ?? ''),
        ]),
      ).rejects.toThrow('append-only');
    });
  });

  it('applies the law below the API too: only a vouched judicial session writes, and a newly found offence unseals', async () => {
    const person = (nextPerson += 1);
    const later = await record(person, { offenceDate: '2025-09-01', sentenceMonths: 40 });
    expect(later?.sealed).toBe(true);
    const insert = (client: pg.Client) =>
      client.query(
        `INSERT INTO juvenile.juvenile_records (person_id, date_of_birth, offence_date, offence,
           disposition, sentence_months, recorded_by)
         VALUES ($1, '2009-04-10', '2023-10-01', 'Newly found offence', 'Detention', 24, 'session')`,
        [person],
      );
    const key = subgraph.databaseKey ?? Buffer.alloc(0);
    const officer = { roles: ['juvenile_officer'] };
    // Below the API, a session that may not read sealed records may not write one either:
    // not with settings of its own, not vouched for an investigation.
    const refused: Record<string, string>[] = [
      { 'hub.scopes': ' juvenile:read juvenile:write juvenile:sealed ', 'hub.purpose': 'JUDICIAL' },
      vouchedFor('juvenile', key, { ...officer, purpose: { code: 'INVESTIGATION' } }),
    ];
    for (const settings of refused) {
      await asRuntimeRole(subgraph.database.url, 'juvenile', settings, async (client) => {
        await expect(insert(client)).rejects.toMatchObject({ code: '42501' });
      });
    }
    const judicial = vouchedFor('juvenile', key, {
      ...officer,
      purpose: { code: 'JUDICIAL', reference: 'COURT-2026-99' },
    });
    const client = await runtimeClient(subgraph.database.url, 'juvenile');
    try {
      await client.query('BEGIN');
      for (const [name, value] of Object.entries(judicial)) {
        await client.query('SELECT set_config($1, $2, true)', [name, value]);
      }
      await insert(client);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect(await read(later?.id ?? '')).toMatchObject({
      sealed: false,
      sealReason: expect.stringMatching(/^Unsealed: combined sentence 64 months exceeds 60/),
    });
    expect(await read(later?.id ?? '', INVESTIGATION)).toMatchObject({ sealed: false });
  });

  it('refuses a writer who may not read sealed records, identically, whatever the law would decide', async () => {
    const sealedPerson = (nextPerson += 1);
    const unsealedPerson = (nextPerson += 1);
    const hidden = await record(unsealedPerson, { sentenceMonths: 40 });
    expect(hidden?.sealed).toBe(true);
    const write = (personId: number, overrides: Record<string, unknown>) =>
      subgraph.query(RECORD_OFFENCE_PLAIN, {
        ...UNSEALED_ONLY_JUDGE,
        variables: { input: offence(personId, overrides) },
      });

    const wouldSeal = await write(sealedPerson, { sentenceMonths: 12 });
    const wouldUnseal = await write(unsealedPerson, {
      offenceDate: '2025-02-01',
      sentenceMonths: 48,
    });

    expect(wouldSeal.body.errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHORIZED_FIELD_OR_TYPE',
    ]);
    expect(wouldUnseal.body).toEqual(wouldSeal.body);
    expect(await recordsOf(sealedPerson)).toBe(0);
    expect(await recordsOf(unsealedPerson)).toBe(1);
    expect((await read(hidden?.id ?? ''))?.sealed).toBe(true);
  });

  it('answers a caller who may read sealed records the record, sealed or not', async () => {
    const person = (nextPerson += 1);
    const sealed = await record(person, { sentenceMonths: 30 });
    const unsealing = await record(person, { offenceDate: '2025-02-01', sentenceMonths: 31 });

    expect(sealed).toMatchObject({ sealed: true, sentenceMonths: 30 });
    expect(unsealing).toMatchObject({ sealed: false, sentenceMonths: 31 });
  });

  it('reports every record a write unsealed to the audit trail, and nothing when none', async () => {
    const person = (nextPerson += 1);
    const first = await record(person, { sentenceMonths: 20 });
    const second = await record(person, { offenceDate: '2024-09-01', sentenceMonths: 20 });
    const calm = await subgraph.query(RECORD_OFFENCE_SILENT, {
      ...JUDICIAL,
      variables: { input: offence((nextPerson += 1), { sentenceMonths: 10 }) },
    });

    const unsealing = await subgraph.query(RECORD_OFFENCE_SILENT, {
      ...JUDICIAL,
      variables: { input: offence(person, { offenceDate: '2025-04-01', sentenceMonths: 21 }) },
    });

    expect(calm.body.extensions?.hubAccessed).toBeUndefined();
    const reported = (unsealing.body.extensions?.hubAccessed ?? []) as unknown[];
    expect(reported).toHaveLength(4);
    expect(reported).toEqual(
      expect.arrayContaining(
        [first?.id, second?.id].flatMap((id) => [
          { type: 'JuvenileRecord', id },
          { type: 'SealedJuvenileRecord', id },
        ]),
      ),
    );
  });

  it('counts an undecided sentence as none and re-weighs when the disposition comes', async () => {
    const person = (nextPerson += 1);
    const pending = await record(person, { disposition: null, sentenceMonths: null });
    expect(pending).toMatchObject({ sealed: true, sentenceMonths: null });
    await record(person, { offenceDate: '2025-03-01', sentenceMonths: 40 });

    const result = await subgraph.query<{ recordDisposition: { record: Rec } }>(
      RECORD_DISPOSITION,
      {
        ...JUDICIAL,
        variables: {
          input: {
            recordId: pending?.id,
            disposition: 'Fixed-term imprisonment',
            sentenceMonths: 24,
          },
        },
      },
    );

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.recordDisposition.record).toMatchObject({
      sealed: false,
      sentenceMonths: 24,
      sealReason: `Unsealed: combined sentence 64 months exceeds 60; a disposition was recorded`,
    });
  });

  it('weighs concurrent offences of one person together', async () => {
    const person = (nextPerson += 1);
    const [a, b] = await Promise.all([
      record(person, { offenceDate: '2024-01-05', sentenceMonths: 40 }),
      record(person, { offenceDate: '2024-11-05', sentenceMonths: 40 }),
    ]);

    expect((await read(a?.id ?? ''))?.sealed).toBe(false);
    expect((await read(b?.id ?? ''))?.sealed).toBe(false);
  });
});

describe('a disposition by a caller who may not read sealed records', () => {
  it('is refused identically for a sealed record and an unknown one, and changes nothing', async () => {
    const sealed = await record((nextPerson += 1));
    const attempt = (recordId: string) =>
      subgraph.query(RECORD_DISPOSITION, {
        ...UNSEALED_ONLY_JUDGE,
        variables: { input: { recordId, disposition: 'Reprimand', sentenceMonths: 0 } },
      });

    const hidden = await attempt(sealed?.id ?? '');
    const unknown = await attempt(externalId('JuvenileRecord', 999999));

    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(JSON.stringify(hidden.body)).toBe(JSON.stringify(unknown.body));
    expect((await read(sealed?.id ?? ''))?.sentenceMonths).toBe(36);
  });

  it('is NOT_FOUND for a judge when the record does not exist', async () => {
    const recordId = externalId('JuvenileRecord', 999999);
    const result = await subgraph.query(RECORD_DISPOSITION, {
      ...JUDICIAL,
      variables: { input: { recordId, disposition: 'Reprimand', sentenceMonths: 0 } },
    });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a record named by its database id or the id of another type, changing nothing', async () => {
    const sealed = await record((nextPerson += 1));
    const row = internalId('JuvenileRecord', sealed?.id ?? '') ?? 0;
    for (const recordId of [String(row), externalId('Person', row), externalId('Case', row)]) {
      const result = await subgraph.query(RECORD_DISPOSITION, {
        ...JUDICIAL,
        variables: { input: { recordId, disposition: 'Reprimand', sentenceMonths: 0 } },
      });
      expect([recordId, result.body.errors?.[0]]).toEqual([
        recordId,
        expect.objectContaining({
          message: 'recordId: must be the id of a JuvenileRecord',
          extensions: { code: 'BAD_USER_INPUT', field: 'recordId' },
        }),
      ]);
    }
    expect((await read(sealed?.id ?? ''))?.sentenceMonths).toBe(36);
  });
});

describe('welfare referrals', () => {
  const REFER = /* GraphQL */ `
    mutation ($input: ReferToWelfareInput!) {
      referToWelfare(input: $input) {
        service
        provider
        referredOn
      }
    }
  `;
  const input = (recordId: string) => ({
    recordId,
    service: 'DRUG_TREATMENT',
    provider: 'Lanzhou youth welfare centre',
    referredOn: '2026-05-02',
  });

  it('attach to a record the officer may see and show on it', async () => {
    const sealed = await record((nextPerson += 1));

    const result = await subgraph.query(REFER, {
      ...JUDICIAL,
      variables: { input: input(sealed?.id ?? '') },
    });
    const shown = await subgraph.query<{ juvenileRecord: { welfareReferrals: unknown[] } }>(
      `{ juvenileRecord(id: "${sealed?.id}") { welfareReferrals { service provider referredOn } } }`,
      JUDICIAL,
    );

    const referral = {
      service: 'DRUG_TREATMENT',
      provider: 'Lanzhou youth welfare centre',
      referredOn: '2026-05-02',
    };
    expect(result.body).toEqual({ data: { referToWelfare: referral } });
    expect(shown.body.data?.juvenileRecord.welfareReferrals).toEqual([referral]);
  });

  it('cannot attach to a sealed record the officer may not see (NOT_FOUND)', async () => {
    const sealed = await record((nextPerson += 1));

    const result = await subgraph.query(REFER, {
      ...INVESTIGATION,
      variables: { input: input(sealed?.id ?? '') },
    });

    expect(result.body.errors?.[0]).toMatchObject({
      message: 'recordId: juvenile record not found',
      extensions: { code: 'NOT_FOUND' },
    });
    // Exactly as for a record that does not exist: the error names only the id the caller sent.
    const unknownId = externalId('JuvenileRecord', 999999);
    const unknown = await subgraph.query(REFER, {
      ...INVESTIGATION,
      variables: { input: input(unknownId) },
    });
    expect(JSON.stringify(unknown.body).replaceAll(unknownId, '<id>')).toBe(
      JSON.stringify(result.body).replaceAll(sealed?.id ?? '', '<id>'),
    );
  });
});

describe('bad input', () => {
  it.each([
    ['an offence date before birth', { offenceDate: '2009-04-09' }, 'offenceDate', /before/],
    ['a sentence below zero', { sentenceMonths: -1 }, 'sentenceMonths', /negative/],
    ['an adult offender', { dateOfBirth: '1990-01-01' }, 'offenceDate', /was 34/],
    ['an offender of 11', { offenceDate: '2021-01-01' }, 'offenceDate', /was 11/],
    ['a future offence', { offenceDate: '2999-01-01' }, 'offenceDate', /future/],
    ['a sentence without disposition', { disposition: null }, 'sentenceMonths', /together/],
  ])(
    'refuses %s with BAD_USER_INPUT and writes nothing',
    async (_label, overrides, field, message) => {
      const person = (nextPerson += 1);
      const result = await subgraph.query(RECORD_OFFENCE, {
        ...JUDICIAL,
        variables: { input: offence(person, overrides) },
      });

      expect(result.body.data).toBeNull();
      expect(result.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(message),
          extensions: { code: 'BAD_USER_INPUT', field },
        }),
      ]);
      expect(await recordsOf(person)).toBe(0);
    },
  );

  it('refuses an adult on their 18th birthday', async () => {
    const result = await subgraph.query(RECORD_OFFENCE, {
      ...JUDICIAL,
      variables: { input: offence((nextPerson += 1), { dateOfBirth: '2006-03-01' }) },
    });

    expect(result.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('the offender was 18 at the offence'),
      extensions: { code: 'BAD_USER_INPUT', field: 'offenceDate' },
    });
  });

  it('refuses a negative sentence in a disposition', async () => {
    const result = await subgraph.query(RECORD_DISPOSITION, {
      ...JUDICIAL,
      variables: {
        input: {
          recordId: externalId('JuvenileRecord', 1),
          disposition: 'Reprimand',
          sentenceMonths: -3,
        },
      },
    });

    expect(result.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'sentenceMonths',
    });
  });
});
