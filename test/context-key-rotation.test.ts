/*
 * Rotating the gateway's internal-context key without downtime: subgraphs given a JWKS with the
 * old and the new public key accept contexts signed with either, and nothing else.
 */
import { generateKeyPairSync } from 'node:crypto';

import { loadConfig } from '../platform/config.js';
import { subgraphContextKey } from '../platform/keys.js';
import {
  InvalidContextError,
  signInternalContext,
  verifyInternalContext,
} from '../schema/internal-context.js';

const context = {
  principal: {
    sub: 'officer-1',
    agency: 'GS-NB',
    province: 'GS',
    roles: ['bureau_analyst'],
    scopes: ['narcotics:read'],
  },
  requestId: 'r-1',
};
const binding = { audience: 'narcotics', body: '{"query":"{ __typename }"}' };

it('accepts contexts signed with any key of the set, and no other', async () => {
  const old = generateKeyPairSync('ed25519');
  const next = generateKeyPairSync('ed25519');
  const stranger = generateKeyPairSync('ed25519');
  const jwk = (pair: typeof old, kid: string) => ({
    ...pair.publicKey.export({ format: 'jwk' }),
    alg: 'EdDSA',
    kid,
  });
  const config = loadConfig({
    HUB_MODE: 'production',
    HUB_CONTEXT_PUBLIC_KEY: JSON.stringify({ keys: [jwk(old, 'ctx-1'), jwk(next, 'ctx-2')] }),
  });
  const keys = await subgraphContextKey(config);
  expect(Array.isArray(keys) && keys.length).toBe(2);
  for (const pair of [old, next]) {
    const token = signInternalContext(context, binding, pair.privateKey);
    expect(verifyInternalContext(token, binding, keys).context.requestId).toBe('r-1');
  }
  const forged = signInternalContext(context, binding, stranger.privateKey);
  expect(() => verifyInternalContext(forged, binding, keys)).toThrow(InvalidContextError);
});
