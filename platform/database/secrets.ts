/**
 * Database passwords, one per LOGIN role: from the configuration when given; in development,
 * generated once per role and kept (mode 0600) under HUB_HOME so the embedded server and the
 * runtime roles agree across runs. No two roles share a secret: one leaked password opens one
 * role's database, nothing more.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { DATABASE_ROLES } from '../../schema/database-roles.js';
import { ConfigError, type HubConfig } from '../config.js';

interface DevSecrets {
  postgresPassword: string;
  /** LOGIN role → its password. */
  roles?: Record<string, string>;
}

function secretsFile(config: HubConfig): string {
  return path.join(config.home, 'secrets.json');
}

async function readSecrets(config: HubConfig): Promise<DevSecrets | undefined> {
  try {
    return JSON.parse(await readFile(secretsFile(config), 'utf8')) as DevSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

const secret = () => randomBytes(18).toString('base64url');

async function devSecrets(config: HubConfig): Promise<DevSecrets> {
  const existing = await readSecrets(config);
  if (existing) {
    return existing;
  }
  // Traversable: the embedded server may run as `postgres`; the secrets file itself is 0600.
  await mkdir(config.home, { recursive: true, mode: 0o755 });
  const created: DevSecrets = { postgresPassword: secret(), roles: {} };
  try {
    await writeFile(secretsFile(config), JSON.stringify(created, null, 2), {
      mode: 0o600,
      flag: 'wx',
    });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return (await readSecrets(config)) ?? created;
    }
    throw error;
  }
}

export async function embeddedPassword(config: HubConfig): Promise<string> {
  return (await devSecrets(config)).postgresPassword;
}

/** The environment variable that gives `role` its password. */
function passwordVariable(role: string): string {
  return DATABASE_ROLES.find(([name]) => name === role)?.[1] ?? `the password of ${role}`;
}

/** The password of one LOGIN role (configured, or generated once in development). */
export async function rolePassword(config: HubConfig, role: string): Promise<string> {
  const configured = config.database.rolePasswords[role];
  if (configured) {
    return configured;
  }
  if (config.mode === 'production') {
    throw new ConfigError(
      `Invalid configuration: ${passwordVariable(role)} must be set in production (the password of database role ${role})`,
    );
  }
  const secrets = await devSecrets(config);
  const known = secrets.roles?.[role];
  if (known) {
    return known;
  }
  // Read again just before writing: another process of this hub may have added roles.
  const current = (await readSecrets(config)) ?? secrets;
  const roles = { ...current.roles, [role]: current.roles?.[role] ?? secret() };
  await writeFile(secretsFile(config), JSON.stringify({ ...current, roles }, null, 2), {
    mode: 0o600,
  });
  return roles[role] as string;
}
