/*
 * Verified tokens are remembered, but never past their own expiry and never for other bytes.
 */
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';

import { UnauthenticatedError } from '../../schema/errors.js';

import { authenticate, type TokenSettings } from './authenticate.js';

let privateKey: CryptoKey;
let settings: TokenSettings;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  settings = { issuer: 'iss', audience: 'aud', key: async () => pair.publicKey };
});

afterEach(() => jest.restoreAllMocks());

function token(expiresInSeconds: number, agency = 'GS-NB'): Promise<string> {
  return new SignJWT({ agency, province: 'GS', roles: ['bureau_analyst'] })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('officer-1')
    .setIssuer('iss')
    .setAudience('aud')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(privateKey);
}

it('answers a token seen before without checking its signature again', async () => {
  const jwt = await token(600);
  const first = await authenticate(`Bearer ${jwt}`, settings);
  const key = jest.spyOn(settings, 'key');
  const again = await authenticate(`Bearer ${jwt}`, settings);
  expect(again).toBe(first);
  expect(key).not.toHaveBeenCalled();
  expect(Object.isFrozen(again) && Object.isFrozen(again.scopes)).toBe(true);
});

it('refuses a remembered token once it has expired', async () => {
  const jwt = await token(2);
  await expect(authenticate(`Bearer ${jwt}`, settings)).resolves.toMatchObject({
    agency: 'GS-NB',
  });
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + 60_000);
  await expect(authenticate(`Bearer ${jwt}`, settings)).rejects.toThrow(
    new UnauthenticatedError('Invalid token: token expired'),
  );
});

it('never answers other bytes from the cache (a forged signature still fails)', async () => {
  const jwt = await token(600, 'SN-NB');
  await authenticate(`Bearer ${jwt}`, settings);
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
  await expect(authenticate(`Bearer ${forged}`, settings)).rejects.toThrow(UnauthenticatedError);
});
