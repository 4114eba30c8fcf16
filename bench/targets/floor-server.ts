/**
 * Target D of the side-by-side benchmark, the floor: the same answers to the three read
 * operations (bench/support/operations.ts, told apart by operationName) from a tiny `node:http`
 * server with direct, batched `pg` queries — no GraphQL, no federation, no ORM. It keeps what
 * the answer itself needs: the caller's token verified, the subgraphs' own database roles (so
 * row-level security decides visibility as it does for the hub), the caller in a database
 * context signed as the gateway signs it (the databases believe nothing else), the same masking
 * rule (narcotics rules.ts and identity.sql.ts) and the same opaque ids. Named (prepared)
 * statements; the context set as a bind parameter after BEGIN, as the subgraphs do.
 */
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import pg from 'pg';

import { authenticate } from '../../gateway/auth/authenticate.js';
import { hubConfig } from '../../platform/config.js';
import { urlForRole } from '../../platform/database/provision.js';
import { rolePassword } from '../../platform/database/secrets.js';
import { subgraphAdminUrl } from '../../platform/database/server.js';
import { databaseContextKeys, gatewayKeys, idKey } from '../../platform/keys.js';
import type { Principal } from '../../schema/access.js';
import { DATABASE_CONTEXT_SETTING, signDatabaseContext } from '../../schema/database-context.js';
import { roleNames } from '../../schema/database-roles.js';
import { configureIds, externalId, internalId, prefixTsQuery } from '../../subgraphs/kit/index.js';
import {
  caseInFull,
  identityProtected,
} from '../../subgraphs/narcotics/repositories/identity.sql.js';
import { identityOf, personListing } from '../../subgraphs/narcotics/rules.js';

import { stopOnSignal } from './signals.js';

// `date` as its text (YYYY-MM-DD), as the subgraphs read it.
pg.types.setTypeParser(1082, (value: string) => value);

const NATIONAL_ID = /^[0-9]{17}[0-9X]$/i;

type FloorDatabase = 'narcotics' | 'cyber';

interface Pools {
  readonly narcotics: pg.Pool;
  readonly cyber: pg.Pool;
  /** Each database's context key (what the gateway holds). */
  readonly keys: Readonly<Record<FloorDatabase, Buffer>>;
}

interface PersonRow {
  id: number;
  full_name: string;
  gender: string;
  national_id: string | null;
  date_of_birth: string | null;
  protected: boolean | null;
}

const PERSON_COLUMNS = `p.id, p.full_name, p.gender, p.national_id, p.date_of_birth,
  ${identityProtected('p')} AS protected`;

const SQL = {
  case: `SELECT c.id, c.case_number, c.title, c.status, c.opened_at, c.owning_agency_code,
           a.name AS agency_name, ${caseInFull('c')} AS in_full
         FROM narcotics.cases c JOIN narcotics.agencies a ON a.code = c.owning_agency_code
         WHERE c.id = $1`,
  suspects: `SELECT s.role, ${PERSON_COLUMNS}
         FROM narcotics.case_suspects s JOIN narcotics.persons p ON p.id = s.person_id
         WHERE s.case_id = $1 ORDER BY s.id`,
  handlesOfPersons: `SELECT id, handle, person_id FROM cyber.handles
         WHERE person_id = ANY($1::integer[]) ORDER BY id`,
  persons: `SELECT ${PERSON_COLUMNS} FROM narcotics.persons p WHERE p.id = ANY($1::integer[])`,
  room: `SELECT r.id, r.title, r.city, r.member_count, r.active_from, r.active_to, r.invite_only,
           r.platform_code, f.name AS platform_name
         FROM cyber.chat_rooms r LEFT JOIN cyber.platforms f ON f.code = r.platform_code
         WHERE r.id = $1`,
  handlesOfRoom: `SELECT id, handle, person_id FROM cyber.handles WHERE room_id = $1 ORDER BY id`,
};

function search(listing: { searchSkipsProtected: boolean; order: string }, byNationalId: boolean) {
  const match = `to_tsvector('simple', p.full_name) @@ to_tsquery('simple', $1)`;
  const where = byNationalId ? `(${match} OR p.national_id = $2)` : match;
  const skip = listing.searchSkipsProtected ? ` AND NOT ${identityProtected('p')}` : '';
  return `SELECT ${PERSON_COLUMNS} FROM narcotics.persons p WHERE ${where}${skip}
          ORDER BY p.full_name, p.id LIMIT 20`;
}

/** Runs `work` in one transaction of `database` carrying the caller's database context. */
async function asCaller<T>(
  pools: Pools,
  database: FloorDatabase,
  principal: Principal,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pools[database].connect();
  try {
    await client.query('BEGIN');
    const context = signDatabaseContext(
      { subgraph: database, principal, requestId: randomUUID() },
      pools.keys[database],
    );
    await client.query({
      name: 'context',
      text: 'SELECT set_config($1, $2, true)',
      values: [DATABASE_CONTEXT_SETTING, context],
    });
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function person(row: PersonRow, principal: Principal) {
  const shown = identityOf(
    {
      fullName: row.full_name,
      nationalId: row.national_id,
      dateOfBirth: row.date_of_birth,
      identityProtected: row.protected,
    },
    principal,
  );
  return {
    id: externalId('Person', row.id),
    fullName: shown.fullName,
    gender: row.gender,
    nationalId: shown.nationalId,
    dateOfBirth: shown.dateOfBirth,
    identityMasked: shown.masked,
  };
}

async function caseFile(pools: Pools, principal: Principal, id: string) {
  const caseId = internalId('Case', id);
  const found = await asCaller(pools, 'narcotics', principal, async (client) => {
    const row = (await client.query({ name: 'case', text: SQL.case, values: [caseId] })).rows[0];
    const suspects =
      row?.in_full === true
        ? (await client.query({ name: 'suspects', text: SQL.suspects, values: [caseId] })).rows
        : [];
    return { row, suspects: suspects as (PersonRow & { role: string })[] };
  });
  const { row, suspects } = found;
  if (!row) {
    return { case: null };
  }
  const personIds = [...new Set(suspects.map((s) => s.id))];
  const handles = personIds.length
    ? await asCaller(
        pools,
        'cyber',
        principal,
        async (client) =>
          (await client.query({ name: 'hp', text: SQL.handlesOfPersons, values: [personIds] }))
            .rows,
      )
    : [];
  const full = row.in_full === true;
  return {
    case: {
      id: externalId('Case', row.id),
      caseNumber: row.case_number,
      title: full ? row.title : null,
      status: full ? row.status : null,
      openedAt: full ? (row.opened_at as Date).toISOString() : null,
      owningAgency: { code: row.owning_agency_code, name: row.agency_name },
      suspects: full
        ? suspects.map((s) => ({
            role: s.role,
            person: {
              ...person(s, principal),
              handles: handles
                .filter((h) => h.person_id === s.id)
                .map((h) => ({ id: externalId('Handle', h.id), handle: h.handle })),
            },
          }))
        : null,
    },
  };
}

async function personSearch(pools: Pools, principal: Principal, text: string) {
  const listing = personListing(principal, true);
  const byNationalId = NATIONAL_ID.test(text);
  const values = byNationalId ? [prefixTsQuery(text), text.toUpperCase()] : [prefixTsQuery(text)];
  const rows = await asCaller(pools, 'narcotics', principal, async (client) => {
    const sql = search(listing, byNationalId);
    return (await client.query<PersonRow>({ name: `search-${sql.length}`, text: sql, values }))
      .rows;
  });
  return { persons: { edges: rows.map((row) => ({ node: person(row, principal) })) } };
}

async function roomFile(pools: Pools, principal: Principal, id: string) {
  const roomId = internalId('ChatRoom', id);
  const { room, handles } = await asCaller(pools, 'cyber', principal, async (client) => ({
    room: (await client.query({ name: 'room', text: SQL.room, values: [roomId] })).rows[0],
    handles: (await client.query({ name: 'hr', text: SQL.handlesOfRoom, values: [roomId] }))
      .rows as { id: number; handle: string; person_id: number | null }[],
  }));
  if (!room) {
    return { chatRoom: null };
  }
  const personIds = [...new Set(handles.flatMap((h) => (h.person_id ? [h.person_id] : [])))];
  const persons = personIds.length
    ? await asCaller(
        pools,
        'narcotics',
        principal,
        async (client) =>
          (
            await client.query<PersonRow>({
              name: 'persons',
              text: SQL.persons,
              values: [personIds],
            })
          ).rows,
      )
    : [];
  const byId = new Map(persons.map((row) => [row.id, row]));
  const time = (value: string | null) => (value === null ? null : value.slice(0, 5));
  return {
    chatRoom: {
      id: externalId('ChatRoom', room.id),
      title: room.title,
      city: room.city,
      memberCount: room.member_count,
      activeFrom: time(room.active_from),
      activeTo: time(room.active_to),
      inviteOnly: room.invite_only,
      platform: { code: room.platform_code, name: room.platform_name ?? room.platform_code },
      handles: handles.map((h) => {
        const row = h.person_id === null ? undefined : byId.get(h.person_id);
        const shown = row ? person(row, principal) : null;
        return {
          id: externalId('Handle', h.id),
          handle: h.handle,
          person: shown && {
            id: shown.id,
            fullName: shown.fullName,
            identityMasked: shown.identityMasked,
          },
        };
      }),
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function main(): Promise<void> {
  const config = hubConfig();
  configureIds(await idKey(config));
  const keys = await gatewayKeys(config);
  const token = { issuer: config.jwt.issuer, audience: config.jwt.audience, key: keys.verifyToken };
  const pool = async (name: 'narcotics' | 'cyber') => {
    const admin = await subgraphAdminUrl(config.database.url ?? '', config, name);
    const role = roleNames(name).app;
    return new pg.Pool({
      connectionString: urlForRole(admin, role, await rolePassword(config, role)),
      max: config.database.poolSize,
      application_name: `bench-floor-${name}`,
    });
  };
  const pools: Pools = {
    narcotics: await pool('narcotics'),
    cyber: await pool('cyber'),
    keys: {
      narcotics: (await databaseContextKeys(config, 'narcotics')).current,
      cyber: (await databaseContextKeys(config, 'cyber')).current,
    },
  };
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      send(response, 200, { status: 'ok' });
      return;
    }
    void (async () => {
      try {
        const principal = await authenticate(request.headers.authorization, token);
        const { operationName, variables } = JSON.parse(await readBody(request)) as {
          operationName: string;
          variables: Record<string, string>;
        };
        const answer =
          operationName === 'CaseFile'
            ? await caseFile(pools, principal, variables.id ?? '')
            : operationName === 'PersonSearch'
              ? await personSearch(pools, principal, variables.search ?? '')
              : operationName === 'RoomFile'
                ? await roomFile(pools, principal, variables.id ?? '')
                : undefined;
        if (!answer) {
          send(response, 400, { errors: [{ message: `no floor for ${operationName}` }] });
          return;
        }
        send(response, 200, { data: answer });
      } catch (error) {
        send(response, 500, { errors: [{ message: String(error) }] });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(config.gateway.port, config.host, resolve));
  stopOnSignal(async () => {
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([pools.narcotics.end(), pools.cyber.end()]);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
