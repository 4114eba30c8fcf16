/**
 * Target C of the side-by-side benchmark: Hive Gateway (`@graphql-hive/gateway`, a dev
 * dependency only) over the same supergraph and the same running subgraphs, with one small
 * plugin that does what the subgraphs demand of any caller — the caller's token verified (the
 * hub's own `authenticate`, as A and B do) and an internal context signed for each subgraph
 * request (audience, body hash, one-time id, and the database context the gateway MACs for a
 * subgraph's database). No access control and no audit trail: it is
 * the peer a team would pick instead. Configured like `hub gateway` (PORT, NARCOTICS_URL, …).
 */
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';

import { prepareSupergraph } from '../../gateway/access/policy-index.js';
import { authenticate, type TokenSettings } from '../../gateway/auth/authenticate.js';
import { hubConfig } from '../../platform/config.js';
import { databaseContextKeys, gatewayKeys } from '../../platform/keys.js';
import { SUPERGRAPH_PATH } from '../../platform/paths.js';
import { parsePurpose } from '../../schema/access.js';
import { DATABASE_CONTEXT_SUBGRAPHS, signDatabaseContext } from '../../schema/database-context.js';
import {
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  type InternalContext,
  type SigningKey,
} from '../../schema/internal-context.js';
import { SUBGRAPH_NAMES } from '../../schema/subgraph-names.js';

import { stopOnSignal } from './signals.js';

interface HubContext {
  hub?: InternalContext;
}

/** Verifies the caller; signs each subgraph request's body for that subgraph. */
function useHubContext(options: {
  readonly token: TokenSettings;
  readonly contextKey: SigningKey;
  /** Subgraph name → its database's context key. */
  readonly databaseKeys: ReadonlyMap<string, Buffer>;
  /** Subgraph URL → subgraph name (the token's audience). */
  readonly audiences: ReadonlyMap<string, string>;
}): GatewayPlugin<HubContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const request = (context as { request: Request }).request;
      const principal = await authenticate(
        request.headers.get('authorization') ?? undefined,
        options.token,
      );
      const raw = request.headers.get('x-purpose');
      const parsed = raw === null ? undefined : parsePurpose(raw);
      const purpose = parsed && !('error' in parsed) ? parsed : undefined;
      extendContext({ hub: { principal, purpose, requestId: randomUUID() } });
    },
    onFetch({ url, options: init, setOptions, context }) {
      const audience = options.audiences.get(url);
      const hub = (context as HubContext).hub;
      if (!audience || !hub || typeof init.body !== 'string') {
        return;
      }
      const databaseKey = options.databaseKeys.get(audience);
      const databaseContext = databaseKey
        ? signDatabaseContext({ subgraph: audience, ...hub }, databaseKey)
        : undefined;
      const token = signInternalContext(
        { ...hub, databaseContext },
        { audience, body: init.body },
        options.contextKey,
      );
      setOptions({
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          [INTERNAL_CONTEXT_HEADER]: token,
          'x-request-id': hub.requestId,
        },
      });
    },
  };
}

async function main(): Promise<void> {
  const config = hubConfig();
  const keys = await gatewayKeys(config);
  let sdl = prepareSupergraph(await readFile(SUPERGRAPH_PATH, 'utf8')).executableSdl;
  const audiences = new Map<string, string>();
  for (const name of SUBGRAPH_NAMES) {
    const url = config.subgraphs[name].url;
    audiences.set(url, name);
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  const databaseKeys = new Map<string, Buffer>();
  for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
    databaseKeys.set(name, (await databaseContextKeys(config, name)).current);
  }
  const runtime = createGatewayRuntime<HubContext>({
    supergraph: sdl,
    logging: false,
    landingPage: false,
    graphiql: false,
    plugins: () => [
      useHubContext({
        token: { issuer: config.jwt.issuer, audience: config.jwt.audience, key: keys.verifyToken },
        contextKey: keys.contextPrivateKey,
        databaseKeys,
        audiences,
      }),
    ],
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(config.gateway.port, config.host, resolve));
  stopOnSignal(async () => {
    await new Promise((resolve) => server.close(resolve));
    await runtime.dispose();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
