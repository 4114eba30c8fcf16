/**
 * Database passwords: from the configuration when given; in development, generated once and
 * kept (mode 0600) under HUB_HOME so the embedded server and the runtime roles agree across
 * runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ConfigError, type HubConfig } from '../config.js';

interface DevSecrets {
  postgresPassword: string;
  appPassword: string;
}

async function devSecrets(config: HubConfig): Promise<DevSecrets> {
  const file = path.join(config.home, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const secrets: DevSecrets = {
    postgresPassword: randomBytes(18).toString('base64url'),
    appPassword: randomBytes(18).toString('base64url'),
  };
  // Traversable: the embedded server may run as `postgres`; the secrets file itself is 0600.
  await mkdir(config.home, { recursive: true, mode: 0o755 });
  try {
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
    }
    throw error;
  }
}

export async function embeddedPassword(config: HubConfig): Promise<string> {
  return (await devSecrets(config)).postgresPassword;
}

export async function appPassword(config: HubConfig): Promise<string> {
  if (config.database.appPassword) {
    return config.database.appPassword;
  }
  if (config.mode === 'production') {
    throw new ConfigError('Invalid configuration: HUB_DB_APP_PASSWORD must be set in production');
  }
  return (await devSecrets(config)).appPassword;
}
