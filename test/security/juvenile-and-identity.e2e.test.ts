/*
 * The juvenile-record and minors'-identity leaks a hostile tester found, tried again through
 * the real gateway over HTTP, each by several routes (DESIGN §6):
 * - by writing: a write is a judicial act, its answer does not tell what the sealing law decided
 *   unless the caller may read sealed records, and an unsealing is audited as access;
 * - through masking: identity is masked by age alone, so a sealed record changes nothing a
 *   caller who may not see it can observe (mask, marker, counts, order, error text);
 * - through search and sort: nothing matches or orders by what the caller sees masked;
 * - through conflicts: addSuspect's national-id conflict names nobody;
 * - and the juvenile subgraph is not asked to show a person at all.
 * Fixtures are made through the API (ids come from answers, never from the database).
 */
import { readFile } from 'node:fs/promises';

import { SignJWT } from 'jose';

import { devTokenSigningKey } from '../../platform/keys.js';
import { graphqlRequests } from '../../platform/metrics.js';
import { startTestHub, type GraphQLResult, type TestHub } from '../support/hub.js';

const JUDICIAL = 'JUDICIAL:COURT-2026-0917';
/** What would give away a combined sentence (field names such as combinedSentenceMonths aside). */
const SENTENCE = /combined sentence \d+|\d+ months/i;
const INVESTIGATION = 'INVESTIGATION:ND-2026-8800';
const ANALYSIS = 'ANALYSIS';

let hub: TestHub;
const tokens: Record<string, string> = {};

/** A token for the test hub's dev key with explicit scopes (a caller no role table describes). */
async function tokenWithScopes(sub: string, roles: string[], scopes: string[]): Promise<string> {
  const { key, kid } = await devTokenSigningKey(hub.config);
  return new SignJWT({ agency: 'GS-NB', province: 'GS', roles, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(hub.config.jwt.issuer)
    .setAudience(hub.config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

function as<T = Record<string, unknown>>(
  who: string,
  purpose: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  const token = tokens[who];
  if (!token) {
    throw new Error(`no token for ${who}`);
  }
  return hub.query<T>(query, { token, purpose, variables });
}

/** The data of an answer that must have succeeded. */
async function ok<T>(answer: Promise<GraphQLResult<T>>): Promise<T> {
  const { status, body } = await answer;
  expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  if (!body.data) {
    throw new Error('no data');
  }
  return body.data;
}

const yearsAgo = (years: number, days = 0): string => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

let nationalIds = 0;
/** A synthetic national id (region 99, never real) for a date of birth. */
function nationalIdFor(dateOfBirth: string): string {
  nationalIds += 1;
  return `9999${dateOfBirth.replaceAll('-', '')}${String(nationalIds).padStart(6, '0')}`;
}

interface Person {
  id: string;
  fullName: string;
  nationalId: string | null;
  dateOfBirth: string | null;
}

async function openCase(caseNumber: string, dissemination: string, openedAt?: string) {
  const data = await ok(
    as<{ openCase: { id: string } }>(
      'investigator',
      INVESTIGATION,
      /* GraphQL */ `
        mutation ($input: OpenCaseInput!) {
          openCase(input: $input) {
            id
          }
        }
      `,
      {
        input: { caseNumber, title: 'Youths in a drug-taking room', dissemination, openedAt },
      },
    ),
  );
  return data.openCase.id;
}

async function addSuspect(
  caseId: string,
  fullName: string,
  dateOfBirth: string | null,
): Promise<Person> {
  const nationalId = dateOfBirth ? nationalIdFor(dateOfBirth) : null;
  const data = await ok(
    as<{ addSuspect: { person: { id: string } } }>(
      'investigator',
      INVESTIGATION,
      /* GraphQL */ `
        mutation ($input: AddSuspectInput!) {
          addSuspect(input: $input) {
            person {
              id
            }
          }
        }
      `,
      {
        input: {
          caseId,
          role: 'USER',
          person: { fullName, gender: 'MALE', dateOfBirth, nationalId },
        },
      },
    ),
  );
  return { id: data.addSuspect.person.id, fullName, nationalId, dateOfBirth };
}

const RECORD_OFFENCE = /* GraphQL */ `
  mutation RecordOffence($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      record {
        id
        sealed
      }
    }
  }
`;
const RECORD_OFFENCE_JUDICIAL = /* GraphQL */ `
  mutation RecordOffenceAsJudge($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      record {
        id
        sealed
        sealReason
        sealHistory {
          sealed
          reason
          combinedSentenceMonths
        }
      }
    }
  }
`;

function offence(person: Person, offenceDate: string, sentenceMonths: number) {
  return {
    personId: person.id,
    dateOfBirth: person.dateOfBirth,
    offence: 'Taking drugs on camera in a video chat room',
    offenceDate,
    disposition: 'Fixed-term imprisonment',
    sentenceMonths,
  };
}

/** A juvenile record written by a judge who may read sealed records; its id from the answer. */
async function judicialRecord(person: Person, offenceDate: string, months: number) {
  const data = await ok(
    as<{ recordJuvenileOffence: { record: { id: string; sealed: boolean } | null } }>(
      'judge',
      JUDICIAL,
      RECORD_OFFENCE,
      { input: offence(person, offenceDate, months) },
    ),
  );
  const record = data.recordJuvenileOffence.record;
  if (!record) {
    throw new Error('a judge who may read sealed records got no record');
  }
  return record;
}

/** Offence dates at which `person` (born `dateOfBirth`) was 15 and 16. */
const atAge = (person: Person, age: number): string => {
  const [year, month, day] = (person.dateOfBirth ?? '').split('-');
  return `${Number(year) + age}-${month}-${day === '29' ? '28' : day}`;
};

let caseId: string;

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  const roles: Record<string, [string, string]> = {
    investigator: ['narcotics_investigator', 'investigator-1'],
    snInvestigator: ['narcotics_investigator', 'investigator-sn'],
    analyst: ['bureau_analyst', 'analyst-1'],
    cyber: ['cyber_analyst', 'cyber-1'],
    auditor: ['auditor', 'auditor-1'],
    judge: ['juvenile_officer', 'judge-1'],
    officer: ['juvenile_officer', 'officer-1'],
  };
  for (const [who, [role, sub]] of Object.entries(roles)) {
    const agency = who === 'snInvestigator' ? 'SN-NB' : 'GS-NB';
    tokens[who] = await hub.token({ roles: [role], sub, agency, province: agency.slice(0, 2) });
  }
  tokens.unsealedOnlyJudge = await tokenWithScopes(
    'judge-without-sealed',
    ['juvenile_officer'],
    ['juvenile:read', 'juvenile:write', 'narcotics:read', 'pii:read'],
  );
  tokens.readerWithoutWrite = await tokenWithScopes(
    'reader-without-write',
    ['juvenile_officer'],
    ['juvenile:read', 'juvenile:sealed', 'narcotics:read', 'pii:read'],
  );
  caseId = await openCase('ND-2026-8800', 'GREEN');
});

afterAll(() => hub?.stop());

const RECORDS_OF = /* GraphQL */ `
  query ($personId: ID!) {
    juvenileRecords(filter: { personId: $personId }) {
      totalCount
      edges {
        node {
          id
          sealed
        }
      }
    }
  }
`;
type RecordsOf = {
  juvenileRecords: { totalCount: number; edges: { node: { id: string; sealed: boolean } }[] };
};

describe('2. by writing: juvenile writes are judicial acts', () => {
  let onlySealed: Person;
  let sealedRecordId: string;

  beforeAll(async () => {
    onlySealed = await addSuspect(caseId, 'Qa Onlysealed Chen', '1996-04-10');
    const record = await judicialRecord(onlySealed, atAge(onlySealed, 15), 48);
    expect(record.sealed).toBe(true);
    sealedRecordId = record.id;
  });

  const refusal = (result: GraphQLResult, field: string) => {
    expect(result.status).toBe(403);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        path: [field],
        extensions: expect.objectContaining({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' }),
      }),
    ]);
  };

  it.each([
    ['a juvenile officer with purpose INVESTIGATION', 'officer', INVESTIGATION],
    ['a juvenile officer with purpose JUDICIAL but no reference', 'officer', 'JUDICIAL'],
    ['a juvenile officer with purpose PROSECUTION', 'officer', 'PROSECUTION:PR-2026-1'],
    ['a caller without juvenile:write, even JUDICIAL', 'readerWithoutWrite', JUDICIAL],
    ['a narcotics investigator, even JUDICIAL', 'investigator', JUDICIAL],
    ['a bureau analyst, even JUDICIAL', 'analyst', JUDICIAL],
    ['a cyber analyst, even JUDICIAL', 'cyber', JUDICIAL],
    ['an auditor, even JUDICIAL', 'auditor', JUDICIAL],
  ])(
    'refuses %s to record an offence or a disposition, changing nothing',
    async (_l, who, purpose) => {
      const newOffence = await as(who, purpose, RECORD_OFFENCE, {
        input: offence(onlySealed, atAge(onlySealed, 16), 48),
      });
      const disposition = await as(
        who,
        purpose,
        /* GraphQL */ `
          mutation ($input: RecordDispositionInput!) {
            recordDisposition(input: $input) {
              record {
                id
              }
            }
          }
        `,
        { input: { recordId: sealedRecordId, disposition: 'Reprimand', sentenceMonths: 61 } },
      );

      refusal(newOffence, 'recordJuvenileOffence');
      refusal(disposition, 'recordDisposition');
      const records = await ok(
        as<RecordsOf>('judge', JUDICIAL, RECORDS_OF, { personId: onlySealed.id }),
      );
      expect(records.juvenileRecords.edges.map((edge) => edge.node)).toEqual([
        { id: sealedRecordId, sealed: true },
      ]);
      const seen = await ok(
        as<RecordsOf>('officer', INVESTIGATION, RECORDS_OF, { personId: onlySealed.id }),
      );
      expect(seen.juvenileRecords).toEqual({ totalCount: 0, edges: [] });
    },
  );

  it('refuses the same whether or not the person has a sealed record', async () => {
    const clean = await addSuspect(caseId, 'Qb Norecord Chen', '1996-05-10');
    const attempt = (person: Person) =>
      as('officer', INVESTIGATION, RECORD_OFFENCE, {
        input: offence(person, atAge(person, 16), 48),
      });

    const withSealed = await attempt(onlySealed);
    const withNone = await attempt(clean);

    expect(withSealed.status).toBe(withNone.status);
    expect(withSealed.body).toEqual(withNone.body);
  });

  describe('a judicial writer who may not read sealed records', () => {
    it('is refused the write itself, the same whether the law would seal or unseal', async () => {
      const fresh = await addSuspect(caseId, 'Qc Fresh Chen', '1997-01-20');
      const hidden = await addSuspect(caseId, 'Qd Hidden Chen', '1997-02-20');
      const hiddenRecord = await judicialRecord(hidden, atAge(hidden, 15), 48);
      expect(hiddenRecord.sealed).toBe(true);

      const wouldSeal = await as('unsealedOnlyJudge', JUDICIAL, RECORD_OFFENCE, {
        input: offence(fresh, atAge(fresh, 16), 48),
      });
      const wouldUnseal = await as('unsealedOnlyJudge', JUDICIAL, RECORD_OFFENCE, {
        input: offence(hidden, atAge(hidden, 16), 13),
      });

      expect(wouldSeal.status).toBe(403);
      expect(wouldSeal.body.errors?.map((e) => e.extensions?.code)).toEqual([
        'UNAUTHORIZED_FIELD_OR_TYPE',
      ]);
      expect(wouldUnseal.status).toBe(wouldSeal.status);
      expect(wouldUnseal.body).toEqual(wouldSeal.body);
      // Nothing was written: the judge who may read sealed records sees the records unchanged.
      const fresh1 = await ok(as<RecordsOf>('judge', JUDICIAL, RECORDS_OF, { personId: fresh.id }));
      const hidden2 = await ok(
        as<RecordsOf>('judge', JUDICIAL, RECORDS_OF, { personId: hidden.id }),
      );
      expect(fresh1.juvenileRecords.edges).toEqual([]);
      expect(hidden2.juvenileRecords.edges.map((edge) => edge.node.sealed)).toEqual([true]);
    });

    it('is refused even with every field it asks for, so no seal reason tells a combined sentence', async () => {
      const result = await as<{ recordJuvenileOffence: unknown }>(
        'unsealedOnlyJudge',
        JUDICIAL,
        RECORD_OFFENCE_JUDICIAL,
        {
          input: offence(await addSuspect(caseId, 'Qe Probe Chen', '1997-03-20'), '2013-01-01', 1),
        },
      );
      expect(result.body.data ?? null).toBeNull();
      for (const error of result.body.errors ?? []) {
        expect(error.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
      }
      expect(JSON.stringify(result.body)).not.toMatch(SENTENCE);
    });
  });

  describe('reading after an unsealing', () => {
    let unsealed: Person;
    let formerlySealed: string;
    let newRecord: string;
    const READ = (selection: string) => /* GraphQL */ `
      query ($id: ID!) { juvenileRecord(id: $id) { id sealed ${selection} } }
    `;

    beforeAll(async () => {
      unsealed = await addSuspect(caseId, 'Qf Unsealed Chen', '1996-07-01');
      formerlySealed = (await judicialRecord(unsealed, atAge(unsealed, 15), 48)).id;
      const data = await ok(
        as<{ recordJuvenileOffence: { record: { id: string; sealReason: string } } }>(
          'judge',
          JUDICIAL,
          RECORD_OFFENCE_JUDICIAL,
          { input: offence(unsealed, atAge(unsealed, 16), 13) },
        ),
      );
      newRecord = data.recordJuvenileOffence.record.id;
      expect(data.recordJuvenileOffence.record.sealReason).toMatch(/combined sentence 61 months/);
    });

    it('shows the records the law opened to every juvenile reader, as it must', async () => {
      const seen = await ok(
        as<RecordsOf>('officer', INVESTIGATION, RECORDS_OF, { personId: unsealed.id }),
      );
      expect(new Set(seen.juvenileRecords.edges.map((edge) => edge.node.id))).toEqual(
        new Set([formerlySealed, newRecord]),
      );
    });

    it.each([
      ['sealReason', 'sealReason'],
      ['the seal history’s reasons', 'sealHistory { reason }'],
      ['the seal history’s combined sentences', 'sealHistory { combinedSentenceMonths }'],
    ])('refuses %s without a judicial purpose, the same for any record', async (_l, field) => {
      const formerly = await as('officer', INVESTIGATION, READ(field), { id: formerlySealed });
      const never = await as('officer', INVESTIGATION, READ(field), { id: newRecord });
      const analysis = await as('officer', ANALYSIS, READ(field), { id: formerlySealed });

      for (const result of [formerly, never, analysis]) {
        expect(result.status).toBe(200);
        const codes = (result.body.errors ?? []).map((error) => error.extensions?.code);
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes)).toEqual(new Set(['UNAUTHORIZED_FIELD_OR_TYPE']));
        expect(JSON.stringify(result.body)).not.toMatch(SENTENCE);
      }
    });

    it('answers a seal reason the same for a formerly sealed record and a never sealed one', async () => {
      const formerly = await as('officer', INVESTIGATION, READ('sealReason'), {
        id: formerlySealed,
      });
      const never = await as('officer', INVESTIGATION, READ('sealReason'), { id: newRecord });
      const strip = (result: GraphQLResult) =>
        JSON.stringify(result.body).replaceAll(formerlySealed, 'ID').replaceAll(newRecord, 'ID');
      expect(formerly.body.data).toEqual({
        juvenileRecord: { id: formerlySealed, sealed: false, sealReason: null },
      });
      expect(strip(formerly)).toBe(strip(never));
    });

    it('gives the reasons to a judge who may read sealed records', async () => {
      const data = await ok(
        as<{
          juvenileRecord: { sealHistory: { reason: string; combinedSentenceMonths: number }[] };
        }>(
          'judge',
          JUDICIAL,
          READ('sealReason sealHistory { sealed reason combinedSentenceMonths }'),
          { id: formerlySealed },
        ),
      );
      expect(
        data.juvenileRecord.sealHistory.map((change) => change.combinedSentenceMonths),
      ).toEqual([48, 61]);
    });

    it('shows the lawful reader the seal history’s plain facts only', async () => {
      const data = await ok(
        as<{ juvenileRecord: { sealed: boolean; sealHistory: { sealed: boolean }[] } }>(
          'officer',
          INVESTIGATION,
          READ('sealHistory { sealed changedAt }'),
          { id: formerlySealed },
        ),
      );
      expect(data.juvenileRecord.sealed).toBe(false);
      expect(data.juvenileRecord.sealHistory.map((change) => change.sealed)).toEqual([true, false]);
    });
  });

  describe('the audit trail of an unsealing', () => {
    const LOG = /* GraphQL */ `
      query ($filter: AccessLogFilter) {
        accessLog(filter: $filter, first: 20) {
          edges {
            node {
              operationName
              outcome
              principal {
                sub
              }
              recordsAccessed {
                type
                id
              }
            }
          }
        }
      }
    `;
    type Log = {
      accessLog: {
        edges: {
          node: {
            operationName: string | null;
            outcome: string;
            principal: { sub: string };
            recordsAccessed: { type: string; id: string }[];
          };
        }[];
      };
    };
    let opened: Person;
    let openedIds: string[];
    /** A write whose answer reads no record: what it opened is audited all the same. */
    const UNSEAL_SILENTLY = /* GraphQL */ `
      mutation UnsealByNewOffence($input: RecordJuvenileOffenceInput!) {
        recordJuvenileOffence(input: $input) {
          __typename
        }
      }
    `;

    beforeAll(async () => {
      opened = await addSuspect(caseId, 'Qg Audited Chen', '1996-08-01');
      openedIds = [
        (await judicialRecord(opened, atAge(opened, 14), 30)).id,
        (await judicialRecord(opened, atAge(opened, 15), 20)).id,
      ];
      const answer = await as('judge', JUDICIAL, UNSEAL_SILENTLY, {
        input: offence(opened, atAge(opened, 16), 11),
      });
      expect(answer.body).toEqual({
        data: { recordJuvenileOffence: { __typename: 'JuvenileWriteResult' } },
      });
    });

    it('reports every record the write opened, although its answer carried none', async () => {
      const log = await ok(
        as<Log>('auditor', 'AUDIT', LOG, {
          filter: {
            officer: 'judge-1',
            operationName: 'UnsealByNewOffence',
            outcome: 'OK',
          },
        }),
      );
      expect(log.accessLog.edges).toHaveLength(1);
      const [entry] = log.accessLog.edges;
      expect(entry?.node.outcome).toBe('OK');
      expect(entry?.node.recordsAccessed).toEqual(
        expect.arrayContaining(
          openedIds.flatMap((id) => [
            { type: 'JuvenileRecord', id },
            { type: 'SealedJuvenileRecord', id },
          ]),
        ),
      );
    });

    it('lets an auditor find the unsealing by the record it opened', async () => {
      for (const id of openedIds) {
        const log = await ok(
          as<Log>('auditor', 'AUDIT', LOG, {
            filter: { recordType: 'SealedJuvenileRecord', recordId: id },
          }),
        );
        expect(log.accessLog.edges.map((edge) => edge.node.operationName)).toContain(
          'UnsealByNewOffence',
        );
      }
    });

    it('reports no sealed access for a write that opened nothing', async () => {
      const calm = await addSuspect(caseId, 'Qh Calm Chen', '1996-09-01');
      await as('judge', JUDICIAL, UNSEAL_SILENTLY.replace('UnsealByNewOffence', 'CalmOffence'), {
        input: offence(calm, atAge(calm, 15), 6),
      });
      const log = await ok(
        as<Log>('auditor', 'AUDIT', LOG, {
          filter: { officer: 'judge-1', operationName: 'CalmOffence', outcome: 'OK' },
        }),
      );
      expect(log.accessLog.edges).toHaveLength(1);
      expect(
        log.accessLog.edges[0]?.node.recordsAccessed.filter(
          (r) => r.type === 'SealedJuvenileRecord',
        ),
      ).toEqual([]);
    });
  });
});

const IDENTITY = 'id fullName nationalId dateOfBirth birthYear identityMasked';
const PERSON = `query ($id: ID!) { person(id: $id) { ${IDENTITY} } }`;
const ANALYST_PERSON = 'query ($id: ID!) { person(id: $id) { id fullName identityMasked } }';
const SEARCH = /* GraphQL */ `
  query ($s: String) {
    persons(search: $s, first: 200) {
      totalCount
      edges {
        node {
          id
          fullName
          identityMasked
        }
      }
    }
  }
`;
type Search = {
  persons: {
    totalCount: number;
    edges: { node: { id: string; fullName: string; identityMasked: boolean } }[];
  };
};
const ADD_EXISTING = /* GraphQL */ `
  mutation ($input: AddSuspectInput!) {
    addSuspect(input: $input) {
      role
    }
  }
`;
const conflictFor = (nationalId: string | null) =>
  as('investigator', INVESTIGATION, ADD_EXISTING, {
    input: {
      caseId,
      role: 'BUYER',
      person: { fullName: 'Guessed Person', gender: 'MALE', nationalId },
    },
  });

type ListPage = {
  persons: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; fullName: string; identityMasked: boolean } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
/** Every person as `who` lists them without a search, page by page. */
async function everyone(who: string) {
  const seen: {
    cursor: string;
    node: { id: string; fullName: string; identityMasked: boolean };
  }[] = [];
  let after: string | null = null;
  let total = 0;
  do {
    const page: ListPage = await ok(
      as<ListPage>(
        who,
        INVESTIGATION,
        /* GraphQL */ `
          query ($after: String) {
            persons(first: 200, after: $after) {
              totalCount
              edges {
                cursor
                node {
                  id
                  fullName
                  identityMasked
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        `,
        { after },
      ),
    );
    total = page.persons.totalCount;
    seen.push(...page.persons.edges);
    after = page.persons.pageInfo.hasNextPage ? page.persons.pageInfo.endCursor : null;
  } while (after);
  expect(seen).toHaveLength(total);
  return seen;
}

const initialsOf = (name: string) =>
  name
    .trim()
    .split(/\s+/)
    .map((word) => `${word[0]?.toUpperCase()}.`)
    .join(' ');

describe('3. through masking: a sealed record changes nothing a caller who may not see it observes', () => {
  /** What an investigator and an analyst can observe of a person, in one object. */
  async function observed(person: Person) {
    const list = await everyone('investigator');
    return {
      investigator: (await as('investigator', INVESTIGATION, PERSON, { id: person.id })).body,
      analyst: (await as('analyst', ANALYSIS, ANALYST_PERSON, { id: person.id })).body,
      search: (await as('investigator', INVESTIGATION, SEARCH, { s: person.fullName })).body,
      nationalId: (await as('investigator', INVESTIGATION, SEARCH, { s: person.nationalId })).body,
      position: list.findIndex((edge) => edge.node.id === person.id),
      total: list.length,
      suspects: (
        await as(
          'investigator',
          INVESTIGATION,
          `query ($id: ID!) { case(id: $id) { suspects { person { ${IDENTITY} } } } }`,
          { id: caseId },
        )
      ).body,
      conflict: (await conflictFor(person.nationalId)).body,
    };
  }

  it('before, while and after a sealed record exists, everything observable stays the same', async () => {
    const adult = await addSuspect(caseId, 'Qi Watched Chen', '1995-10-01');
    const before = await observed(adult);
    expect(before.investigator).toEqual({
      data: {
        person: {
          id: adult.id,
          fullName: adult.fullName,
          nationalId: adult.nationalId,
          dateOfBirth: adult.dateOfBirth,
          birthYear: 1995,
          identityMasked: false,
        },
      },
    });
    expect(before.position).toBeGreaterThanOrEqual(0);

    const record = await judicialRecord(adult, atAge(adult, 15), 40);
    expect(record.sealed).toBe(true);
    const whileSealed = await observed(adult);
    await judicialRecord(adult, atAge(adult, 16), 40);
    const afterUnsealing = await observed(adult);

    expect(whileSealed).toEqual(before);
    expect(afterUnsealing).toEqual(before);
  });

  it('masks adults with sealed records exactly as often as the age rule says, no more', async () => {
    type Sealed = {
      juvenileRecords: { edges: { node: { person: { id: string } } }[] };
    };
    const sealed = await ok(
      as<Sealed>(
        'judge',
        JUDICIAL,
        '{ juvenileRecords(filter: { sealed: true }, first: 200) { edges { node { person { id } } } } }',
      ),
    );
    const withSealed = [...new Set(sealed.juvenileRecords.edges.map((e) => e.node.person.id))];
    expect(withSealed.length).toBeGreaterThanOrEqual(10);
    const sample = (await everyone('officer')).slice(0, 60).map((edge) => edge.node.id);
    let adultsShownWhole = 0;
    for (const id of [...withSealed, ...sample]) {
      const truth = await ok(
        as<{
          person: {
            dateOfBirth: string | null;
            suspectIn: { case: { openedAt: string } }[];
          };
        }>(
          'officer',
          INVESTIGATION,
          'query ($id: ID!) { person(id: $id) { dateOfBirth suspectIn { case { openedAt } } } }',
          { id },
        ),
      );
      const shown = await ok(
        as<{ person: { identityMasked: boolean } }>(
          'investigator',
          INVESTIGATION,
          'query ($id: ID!) { person(id: $id) { identityMasked } }',
          { id },
        ),
      );
      const dob = truth.person.dateOfBirth;
      const minorOn = (day: string) => {
        if (dob === null) {
          return true;
        }
        const [y, m, d] = day.split('-');
        const adultBorn = `${String(Number(y) - 18)}-${m}-${m === '02' && d === '29' ? '28' : d}`;
        return dob > adultBorn;
      };
      const expected =
        minorOn(new Date().toISOString().slice(0, 10)) ||
        truth.person.suspectIn.some((link) => minorOn(link.case.openedAt.slice(0, 10)));
      expect({ id, masked: shown.person.identityMasked }).toEqual({ id, masked: expected });
      if (withSealed.includes(id) && !expected) {
        adultsShownWhole += 1;
      }
    }
    expect(adultsShownWhole).toBeGreaterThan(0);
  });

  it('answers a name search for a sealed adult as for any adult', async () => {
    const sealedAdult = await addSuspect(caseId, 'Qj Wang Chao', '1994-03-03');
    const plainAdult = await addSuspect(caseId, 'Qj Wang Chaoyang', '1994-04-04');
    await judicialRecord(sealedAdult, atAge(sealedAdult, 16), 12);

    const hits = await ok(as<Search>('investigator', INVESTIGATION, SEARCH, { s: 'Qj Wang Chao' }));
    expect(hits.persons.totalCount).toBe(2);
    expect(hits.persons.edges.map((edge) => edge.node)).toEqual([
      { id: sealedAdult.id, fullName: 'Qj Wang Chao', identityMasked: false },
      { id: plainAdult.id, fullName: 'Qj Wang Chaoyang', identityMasked: false },
    ]);
  });

  it('masks by the cases the caller sees: a RED case of another agency changes nothing', async () => {
    const redCase = await openCase('ND-2023-8801', 'RED', `${yearsAgo(3)}T10:00:00.000Z`);
    const person = await addSuspect(redCase, 'Qk Redcase Chen', yearsAgo(20));
    const gs = await ok(
      as<{ person: { identityMasked: boolean } }>('investigator', INVESTIGATION, PERSON, {
        id: person.id,
      }),
    );
    const sn = await ok(
      as<{ person: { fullName: string; identityMasked: boolean } }>(
        'snInvestigator',
        INVESTIGATION,
        PERSON,
        { id: person.id },
      ),
    );
    const snSearch = await ok(
      as<Search>('snInvestigator', INVESTIGATION, SEARCH, { s: person.fullName }),
    );

    expect(gs.person.identityMasked).toBe(true);
    expect(sn.person).toMatchObject({ fullName: person.fullName, identityMasked: false });
    expect(snSearch.persons.edges.map((edge) => edge.node.id)).toEqual([person.id]);
  });

  it('never names anybody in a conflict, sealed record or not', async () => {
    const sealedAdult = await addSuspect(caseId, 'Ql Conflict Chen', '1993-05-05');
    await judicialRecord(sealedAdult, atAge(sealedAdult, 15), 6);
    const plainAdult = await addSuspect(caseId, 'Ql Plain Chen', '1993-06-06');

    const withSealed = await conflictFor(sealedAdult.nationalId);
    const withNone = await conflictFor(plainAdult.nationalId);

    expect(withSealed.body).toEqual(withNone.body);
    expect(withSealed.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('4. through search and sort: nothing matches or orders by a masked identity', () => {
  let firstMinor: Person;
  let secondMinor: Person;
  let adult: Person;

  beforeAll(async () => {
    // Three persons with the same initials; by name the minors would sort around the adult.
    firstMinor = await addSuspect(caseId, 'Dqz Huiqiang', yearsAgo(15));
    secondMinor = await addSuspect(caseId, 'Dqa Hzz', yearsAgo(16));
    adult = await addSuspect(caseId, 'Dqm Hmm', '1992-02-02');
  });

  const idsFound = async (who: string, search: string) => {
    const data = await ok(as<Search>(who, INVESTIGATION, SEARCH, { s: search }));
    expect(data.persons.totalCount).toBe(data.persons.edges.length);
    return data.persons.edges.map((edge) => edge.node.id);
  };

  it('finds no masked minor by full name, any case, prefix, initials or national id', async () => {
    const searches = [
      'Dqz Huiqiang',
      'dqz huiqiang',
      'DQZ HUIQIANG',
      'Dqz',
      'Dq',
      'D H',
      'D. H.',
      'Dqz H',
      'Huiqiang',
      'H D',
      firstMinor.nationalId ?? '',
      secondMinor.nationalId ?? '',
    ];
    for (const search of searches) {
      const found = await idsFound('investigator', search);
      expect({ search, found }).toEqual({
        search,
        found: expect.not.arrayContaining([firstMinor.id]),
      });
      expect(found).not.toContain(secondMinor.id);
      const analyst = await ok(as<Search>('analyst', ANALYSIS, SEARCH, { s: search }));
      expect(analyst.persons.edges.map((edge) => edge.node.id)).not.toContain(firstMinor.id);
    }
    expect(await idsFound('investigator', 'Dq')).toEqual([adult.id]);
    expect(await idsFound('investigator', adult.nationalId ?? '')).toEqual([adult.id]);
  });

  it('gives nothing to a letter-by-letter search of a masked name (“D. H.” → …)', async () => {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      for (const search of [`Dq${letter}`, `Dqz H${letter}`, `D H${letter}`]) {
        expect(await idsFound('investigator', search)).not.toContain(firstMinor.id);
      }
    }
  });

  it('matches a national id only for a caller who may read it (pii:read): no id oracle', async () => {
    const analystFinds = async (search: string) => {
      const data = await ok(as<Search>('analyst', ANALYSIS, SEARCH, { s: search }));
      expect(data.persons.totalCount).toBe(data.persons.edges.length);
      return data.persons.edges.map((edge) => edge.node.id);
    };
    // The adult is shown whole to the analyst, and found by name…
    expect(await analystFinds('Dqm Hmm')).toEqual([adult.id]);
    // …but a bureau analyst may not read Person.nationalId, so no search matches it: it would
    // answer "whose id is this?" and confirm a guessed date of birth through the id.
    expect(adult.nationalId).toBeTruthy();
    for (const id of [adult.nationalId ?? '', (adult.nationalId ?? '').toLowerCase()]) {
      expect(await analystFinds(id)).toEqual([]);
    }
    expect(await idsFound('investigator', adult.nationalId ?? '')).toEqual([adult.id]);
  });

  it('lets a juvenile reader, who sees every name, find them', async () => {
    expect(await idsFound('officer', 'Dqz Huiqiang')).toEqual([firstMinor.id]);
    expect(await idsFound('officer', firstMinor.nationalId ?? '')).toEqual([firstMinor.id]);
    expect(new Set(await idsFound('officer', 'Dq'))).toEqual(
      new Set([firstMinor.id, secondMinor.id, adult.id]),
    );
  });

  it('orders a list showing masked persons by initials, then as recorded, never by name', async () => {
    const list = await everyone('investigator');
    const shown = list.map((edge) => edge.node);
    const block = shown
      .map((node, index) => ({ ...node, index }))
      .filter((node) => initialsOf(node.fullName) === 'D. H.');
    expect(block.length).toBeGreaterThanOrEqual(3);
    // One contiguous block of the initials the caller sees…
    expect(block.at(-1)?.index).toBe((block[0]?.index ?? 0) + block.length - 1);
    // …in which the three appear in the order they were recorded, not by name.
    const ours = block
      .map((node) => node.id)
      .filter((id) => [firstMinor.id, secondMinor.id, adult.id].includes(id));
    expect(ours).toEqual([firstMinor.id, secondMinor.id, adult.id]);
    expect(shown.find((node) => node.id === firstMinor.id)).toEqual({
      id: firstMinor.id,
      fullName: 'D. H.',
      identityMasked: true,
    });

    const byName = (await everyone('officer')).map((edge) => edge.node.id);
    const officerOrder = byName.filter((id) =>
      [firstMinor.id, secondMinor.id, adult.id].includes(id),
    );
    expect(officerOrder).toEqual([secondMinor.id, adult.id, firstMinor.id]);
  });

  it('hands out cursors that carry no name', async () => {
    const list = await everyone('investigator');
    const edge = list.find((e) => e.node.id === firstMinor.id);
    expect(edge?.node.id).toBe(firstMinor.id);
    const decoded = Buffer.from(edge?.cursor ?? '', 'base64url').toString('utf8');
    expect(decoded.length).toBeGreaterThan(0);
    expect(decoded.toLowerCase()).not.toMatch(/dqz|huiqiang|d\. h\./);
  });

  it('lets a cursor continue only the list and the caller it was handed to', async () => {
    // A masked minor's cursor from the plain list, where it sorts by initials: reused in a
    // name search (ordered by real names) it would seek by the name the caller is not shown.
    const plain = await everyone('investigator');
    const cursor = plain.find((e) => e.node.id === firstMinor.id)?.cursor ?? '';
    expect(cursor).not.toBe('');
    const continued = (who: string, purpose: string, query: string, variables = {}) =>
      as(who, purpose, query, { after: cursor, ...variables });
    const routes = [
      // the same caller, another list: a search, a search of one letter, another page size
      continued(
        'investigator',
        INVESTIGATION,
        'query ($after: String, $s: String) { persons(search: $s, first: 1, after: $after) { edges { node { fullName } } } }',
        { s: 'D' },
      ),
      continued(
        'investigator',
        INVESTIGATION,
        'query ($after: String) { persons(search: "Dqm", first: 5, after: $after) { edges { node { fullName } } } }',
      ),
      // the same list, another caller, or the same caller for another purpose
      continued(
        'analyst',
        ANALYSIS,
        'query ($after: String) { persons(first: 200, after: $after) { edges { node { id } } } }',
      ),
      continued(
        'investigator',
        'PROSECUTION:ND-2026-8800',
        'query ($after: String) { persons(first: 200, after: $after) { edges { node { id } } } }',
      ),
      // another subgraph's list altogether
      continued(
        'officer',
        INVESTIGATION,
        'query ($after: String) { juvenileRecords(first: 5, after: $after) { edges { node { id } } } }',
      ),
      continued(
        'investigator',
        INVESTIGATION,
        'query ($after: String) { cases(first: 5, after: $after) { edges { node { id } } } }',
      ),
    ];
    for (const answer of await Promise.all(routes)) {
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toMatch(/cursor/);
      expect(JSON.stringify(answer.body.data ?? null)).not.toMatch(/"fullName"|"id"/);
    }
    const same = await continued(
      'investigator',
      INVESTIGATION,
      'query ($after: String) { persons(first: 200, after: $after) { edges { node { id } } } }',
    );
    expect(same.body.errors).toBeUndefined();
  });

  it('counts only persons shown whole in a search, and everyone in a plain list', async () => {
    const investigator = await ok(as<Search>('investigator', INVESTIGATION, SEARCH, { s: 'Dq' }));
    const officer = await ok(as<Search>('officer', INVESTIGATION, SEARCH, { s: 'Dq' }));
    expect(investigator.persons.totalCount).toBe(1);
    expect(officer.persons.totalCount).toBe(3);
    const count = '{ persons(first: 0) { totalCount } }';
    const a = await ok(
      as<{ persons: { totalCount: number } }>('investigator', INVESTIGATION, count),
    );
    const b = await ok(as<{ persons: { totalCount: number } }>('officer', INVESTIGATION, count));
    expect(a.persons.totalCount).toBe(b.persons.totalCount);
  });
});

describe('5. through conflicts: addSuspect never names a person the caller sees masked', () => {
  it('answers a guessed national id of a masked minor as a free one, never as taken', async () => {
    const minor = await addSuspect(caseId, 'Qm Guessed Minor', yearsAgo(15));
    const adult = await addSuspect(caseId, 'Qm Guessed Adult', '1990-09-09');
    const searchFinds = async (nationalId: string | null) =>
      (await ok(as<Search>('investigator', INVESTIGATION, SEARCH, { s: nationalId }))).persons
        .totalCount;

    // Whole: found by search, and a conflict that names nobody.
    expect(await searchFinds(adult.nationalId)).toBe(1);
    const forAdult = await conflictFor(adult.nationalId);
    expect(forAdult.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: 'person.nationalId: already on record; add the person by personId',
          extensions: expect.objectContaining({ code: 'CONFLICT' }),
        }),
      ],
    });
    // Masked: not found by search, and no conflict either — nothing tells that a protected
    // person holds the id; the caller's new person is recorded apart from them.
    expect(await searchFinds(minor.nationalId)).toBe(0);
    const forMinor = await conflictFor(minor.nationalId);
    expect(forMinor.status).toBe(200);
    expect(forMinor.body.errors).toBeUndefined();
    const text = JSON.stringify(forMinor.body);
    for (const value of [minor.id, 'Q. G. M.', 'Guessed Minor']) {
      expect(text).not.toContain(value);
    }
    // The lawful reader sees both records, the protected one unchanged.
    const officer = await ok(as<Search>('officer', INVESTIGATION, SEARCH, { s: minor.nationalId }));
    expect(officer.persons.edges.map((edge) => edge.node.fullName).sort()).toEqual([
      'Guessed Person',
      'Qm Guessed Minor',
    ]);
  });

  it('names nobody when the masked person is already a suspect of the case', async () => {
    const minor = await addSuspect(caseId, 'Qn Twice Minor', yearsAgo(15));
    const again = await as('investigator', INVESTIGATION, ADD_EXISTING, {
      input: { caseId, role: 'BUYER', personId: minor.id },
    });
    expect(again.body.errors?.[0]).toMatchObject({
      message: 'personId: that person is already a suspect in this case',
      extensions: { code: 'CONFLICT' },
    });
  });
});

describe('performance: showing a person never asks the juvenile subgraph', () => {
  const juvenileRequests = async () =>
    (await graphqlRequests.get()).values
      .filter((value) => value.labels.server === 'juvenile')
      .reduce((sum, value) => sum + value.value, 0);

  it('resolves identity fields, masked or not, without a juvenile hop', async () => {
    const minor = await addSuspect(caseId, 'Qo Hop Minor', yearsAgo(15));
    const before = await juvenileRequests();
    await ok(
      as(
        'investigator',
        INVESTIGATION,
        `query ($id: ID!, $c: ID!) { person(id: $id) { ${IDENTITY} }
           case(id: $c) { suspects { person { ${IDENTITY} } } }
           persons(first: 20) { edges { node { ${IDENTITY} } } } }`,
        { id: minor.id, c: caseId },
      ),
    );
    expect(await juvenileRequests()).toBe(before);

    await ok(
      as(
        'officer',
        INVESTIGATION,
        'query ($id: ID!) { person(id: $id) { juvenileRecords { id } } }',
        {
          id: minor.id,
        },
      ),
    );
    expect(await juvenileRequests()).toBe(before + 1);
  });

  it('has no identity marker left in the committed supergraph', async () => {
    const supergraph = await readFile('schema/supergraph.graphql', 'utf8');
    expect(supergraph).toMatch(/type Person\b/);
    expect(supergraph).not.toMatch(/identityProtected/);
  });
});
