/* Production mode: configured keys only, no introspection, no field suggestions, no dev keys. */
import { randomBytes } from 'node:crypto';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';

import { mintDevToken } from '../hub/tokens.js';
import { databaseContextVariables, loadConfig } from '../platform/config.js';
import { auditCheckpointSigner, databaseContextKeys, gatewayKeys } from '../platform/keys.js';
import { DATABASE_CONTEXT_SUBGRAPHS } from '../schema/database-context.js';
import { generateSignerKey } from '../schema/signed-note.js';

import { startTestHub, type TestHub } from './support/hub.js';

/** Each checked database's context key, as an operator configures them. */
const DATABASE_CONTEXT_KEYS = Object.fromEntries(
  DATABASE_CONTEXT_SUBGRAPHS.map((name) => [
    databaseContextVariables(name).key,
    randomBytes(32).toString('hex'),
  ]),
);

let hub: TestHub;
let sign: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const issuer = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const context = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  hub = await startTestHub({
    seed: true,
    env: {
      HUB_MODE: 'production',
      HUB_JWT_PUBLIC_KEY: JSON.stringify({
        ...(await exportJWK(issuer.publicKey)),
        alg: 'EdDSA',
        kid: 'idp-2026',
      }),
      HUB_CONTEXT_PRIVATE_KEY: JSON.stringify({
        ...(await exportJWK(context.privateKey)),
        alg: 'EdDSA',
      }),
      HUB_CONTEXT_PUBLIC_KEY: JSON.stringify({
        ...(await exportJWK(context.publicKey)),
        alg: 'EdDSA',
      }),
      HUB_AUDIT_VALUE_KEY: randomBytes(32).toString('hex'),
      HUB_AUDIT_CHECKPOINT_KEY: generateSignerKey('hub.production-test/audit'),
      ...DATABASE_CONTEXT_KEYS,
    },
  });
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: 'idp-2026' })
      .setSubject('officer-prod')
      .setIssuer(hub.config.jwt.issuer)
      .setAudience(hub.config.jwt.audience)
      .setExpirationTime('5m')
      .sign(issuer.privateKey);
});
afterAll(() => hub?.stop());

const analystClaims = { agency: 'GS-NB', province: 'GS', roles: ['bureau_analyst'] };

it('serves callers whose tokens the configured issuer signed (scope derived from roles)', async () => {
  const { status, body } = await hub.query('{ cases(first: 1) { totalCount } }', {
    token: await sign(analystClaims),
  });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
});

it('turns introspection off', async () => {
  const { body } = await hub.query('{ __schema { types { name } } }', {
    token: await sign(analystClaims),
  });
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(JSON.stringify(body)).not.toContain('Query');
});

it('gives no field suggestions', async () => {
  const { body } = await hub.query('{ casez { totalCount } }', {
    token: await sign(analystClaims),
  });
  expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(JSON.stringify(body)).not.toMatch(/Did you mean|"cases"/);
});

it('refuses development keys and dev tokens', async () => {
  await expect(
    mintDevToken(hub.config, { roles: ['auditor'], agency: 'GS-NB', province: 'GS' }),
  ).rejects.toThrow('Refusing to use development keys in production');
  const devLike = loadConfig({
    HUB_MODE: 'production',
    HUB_HOME: hub.config.home,
    HUB_JWT_PUBLIC_KEY:
      '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"hub-dev-1"}',
  });
  await expect(gatewayKeys(devLike)).rejects.toThrow(/development key/);
});

it('keeps metrics off the callers’ port (they name what other officers asked)', async () => {
  const base = hub.gatewayUrl.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/metrics`)).status).toBe(404);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
});

it('serves the console without its demo-token route', async () => {
  const base = hub.gatewayUrl.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/console`)).status).toBe(200);
  expect((await fetch(`${base}/console/dev-roles`)).status).toBe(404);
  const mint = await fetch(`${base}/console/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'auditor' }),
  });
  expect(mint.status).toBe(404);
});

it('requires every database-context key and generates none', async () => {
  const withoutJuvenile = loadConfig({
    HUB_MODE: 'production',
    HUB_HOME: hub.config.home,
    HUB_JWKS_URL: 'https://idp.example/jwks',
    ...DATABASE_CONTEXT_KEYS,
    JUVENILE_DB_CONTEXT_KEY: '',
  });
  await expect(databaseContextKeys(withoutJuvenile, 'juvenile')).rejects.toThrow(
    'JUVENILE_DB_CONTEXT_KEY must be set in production',
  );
  expect((await databaseContextKeys(hub.config, 'narcotics')).current.toString('hex')).toBe(
    DATABASE_CONTEXT_KEYS.NARCOTICS_DB_CONTEXT_KEY,
  );
});

it('a gateway without an issuer key does not start; other services need none', async () => {
  const bare = loadConfig({ HUB_MODE: 'production', HUB_HOME: hub.config.home });
  await expect(gatewayKeys(bare)).rejects.toThrow(
    'Invalid configuration: HUB_JWT_PUBLIC_KEY, HUB_JWKS_FILE or HUB_JWKS_URL must be set in production',
  );
});

it('signs audit checkpoints only with a configured key: none generated, none in a database', async () => {
  const bare = loadConfig({ HUB_MODE: 'production', HUB_HOME: hub.config.home });
  await expect(auditCheckpointSigner(bare)).rejects.toThrow(
    'Invalid configuration: HUB_AUDIT_CHECKPOINT_KEY (or HUB_AUDIT_CHECKPOINT_KEY_FILE) must be set in production',
  );
  expect((await auditCheckpointSigner(hub.config)).name).toBe('hub.production-test/audit');
  expect(() =>
    loadConfig({ HUB_MODE: 'production', HUB_AUDIT_CHECKPOINT_KEY: 'not-a-key' }),
  ).toThrow('HUB_AUDIT_CHECKPOINT_KEY must be a note signer key (hub audit key)');
});
