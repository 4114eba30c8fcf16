import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { loadConfig } from '../platform/config.js';

const run = promisify(execFile);
const HUB = path.join(__dirname, '..', 'dist', 'bin', 'hub.js');

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.gateway.port).toBe(4000);
    expect(config.subgraphs.narcotics.url).toBe('http://127.0.0.1:4101/graphql');
    expect(config.gateway.introspection).toBe(true);
    expect(Object.isFrozen(config.gateway)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a port number (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 1 and 65535 (got "70000")'],
    [
      { DATABASE_URL: 'mysql://db/x' },
      'Invalid configuration: DATABASE_URL must be a postgres:// URL',
    ],
    [{ NARCOTICS_URL: 'ftp://x' }, 'Invalid configuration: NARCOTICS_URL must be an http(s) URL'],
    [{ HUB_MODE: 'prod' }, 'Invalid configuration: HUB_MODE'],
    [
      { CYBER_DB_PASSWORD: 'short' },
      'Invalid configuration: CYBER_DB_PASSWORD must be at least 16 characters (got "***")',
    ],
    [
      { JUVENILE_DB_CONTEXT_KEY: 'ab'.repeat(16).slice(1) },
      'Invalid configuration: JUVENILE_DB_CONTEXT_KEY must be at least 32 bytes (hex or base64url) (got "***")',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a password from a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:secret@host:bad/db' })).toThrow(
      /^(?!.*secret)/,
    );
  });

  it('reads each database-context key and the one being retired', () => {
    const key = 'a'.repeat(64);
    const previous = 'b'.repeat(64);
    const config = loadConfig({
      CYBER_DB_CONTEXT_KEY: key,
      CYBER_DB_CONTEXT_PREVIOUS_KEY: previous,
    });
    expect(config.databaseContext.cyber.key?.toString('hex')).toBe(key);
    expect(config.databaseContext.cyber.previousKey?.toString('hex')).toBe(previous);
    expect(config.databaseContext.narcotics).toEqual({ key: undefined, previousKey: undefined });
  });

  it('production turns introspection off', () => {
    const config = loadConfig({ HUB_MODE: 'production', HUB_JWKS_URL: 'https://idp.example/jwks' });
    expect(config.gateway.introspection).toBe(false);
  });

  it('the hub command stops at start with one clear line and exit code 1', async () => {
    const failure = await run(process.execPath, [HUB, 'gateway'], {
      env: { ...process.env, PORT: 'not-a-port' },
    }).catch((error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stderr } = failure as { stderr: string };
    expect(stderr.trim()).toBe(
      'Invalid configuration: PORT must be a port number (got "not-a-port")',
    );
  });
});
