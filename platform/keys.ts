/**
 * Key material: the token issuer's verification key (gateway), the internal-context key pair
 * (gateway signs, subgraphs verify) and, in development only, a generated token signing key
 * kept under HUB_HOME so `hub token` can mint tokens the dev gateway accepts.
 */
import { KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  importSPKI,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';

import {
  DATABASE_CONTEXT_SUBGRAPHS,
  type DatabaseContextSubgraph,
} from '../schema/database-context.js';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from '../schema/signed-note.js';

import { ConfigError, databaseContextVariables, type HubConfig } from './config.js';

const DEV_KID_PREFIX = 'hub-dev-';

interface DevKeyFile {
  jwt: JWK;
  context: JWK;
  /** The audit trail's value-hash key (base64url); added to older files on first use. */
  auditValue?: string;
  /** The key of opaque ids (base64url); added to older files on first use. */
  ids?: string;
  /** Database-context keys per subgraph (base64url); added to older files on first use. */
  dbContext?: Partial<Record<DatabaseContextSubgraph, string>>;
  /** The audit checkpoint signer key (note format); added to older files on first use. */
  auditCheckpoint?: string;
}

/** The development audit log's name (the checkpoint key's name is the log's origin). */
export const DEV_AUDIT_LOG_ORIGIN = 'interagency-hub.dev/audit';

const newSecret = () => randomBytes(32).toString('base64url');

/** Fills in keys an older file lacks; whether it did. */
function completeDevKeys(keys: DevKeyFile): boolean {
  const missing =
    !keys.auditValue ||
    !keys.ids ||
    !keys.auditCheckpoint ||
    DATABASE_CONTEXT_SUBGRAPHS.some((name) => !keys.dbContext?.[name]);
  keys.auditValue ??= newSecret();
  keys.ids ??= newSecret();
  keys.auditCheckpoint ??= generateSignerKey(DEV_AUDIT_LOG_ORIGIN);
  keys.dbContext = Object.fromEntries(
    DATABASE_CONTEXT_SUBGRAPHS.map((name) => [name, keys.dbContext?.[name] ?? newSecret()]),
  );
  return missing;
}

/** Where development keys live. */
export function devKeyPath(config: HubConfig): string {
  return path.join(config.home, 'keys', 'dev-keys.json');
}

async function generateEd25519(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: 'EdDSA', kid: `${DEV_KID_PREFIX}${randomUUID()}` };
}

/** Loads the development key file, creating it (mode 0600) on first use. */
async function devKeys(config: HubConfig): Promise<DevKeyFile> {
  if (config.mode === 'production') {
    throw new ConfigError('Refusing to use development keys in production');
  }
  const file = devKeyPath(config);
  try {
    const existing = JSON.parse(await readFile(file, 'utf8')) as DevKeyFile;
    if (completeDevKeys(existing)) {
      await writeFile(file, JSON.stringify(existing, null, 2), { mode: 0o600 });
    }
    return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const created: DevKeyFile = { jwt: await generateEd25519(), context: await generateEd25519() };
  completeDevKeys(created);
  // HUB_HOME stays traversable (the embedded server may run as another user); keys do not.
  await mkdir(config.home, { recursive: true, mode: 0o755 });
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, JSON.stringify(created, null, 2), { mode: 0o600, flag: 'wx' });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return JSON.parse(await readFile(file, 'utf8')) as DevKeyFile;
    }
    throw error;
  }
}

function publicPart(jwk: JWK): JWK {
  const { d: _d, ...rest } = jwk;
  return rest;
}

/**
 * Keys become node:crypto KeyObjects (the internal context signs with node:crypto); Node 26
 * deprecates KeyObject.from() on a non-extractable CryptoKey, so they are imported extractable.
 */
const EXTRACTABLE = { extractable: true };

async function importKey(material: string, kind: 'public' | 'private', variable: string) {
  try {
    const trimmed = material.trim();
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as JWK;
      return (await importJWK(jwk, jwk.alg ?? 'EdDSA', EXTRACTABLE)) as CryptoKey;
    }
    return kind === 'public'
      ? await importSPKI(trimmed, 'EdDSA', EXTRACTABLE)
      : await importPKCS8(trimmed, 'EdDSA', EXTRACTABLE);
  } catch {
    throw new ConfigError(`Invalid configuration: ${variable} is not a valid EdDSA ${kind} key`);
  }
}

/** The keys of a JWKS (`{"keys":[…]}`), or undefined when the material is a single key. */
function parseKeySet(material: string): JWK[] | undefined {
  try {
    const parsed = JSON.parse(material) as { keys?: unknown };
    if (Array.isArray(parsed.keys) && parsed.keys.length > 0) {
      return parsed.keys as JWK[];
    }
  } catch {
    // PEM: a single key
  }
  return undefined;
}

function refuseDevKid(material: string, variable: string, config: HubConfig): void {
  if (config.mode === 'production' && material.includes(`"kid":"${DEV_KID_PREFIX}`)) {
    throw new ConfigError(
      `Invalid configuration: ${variable} holds a development key (refused in production)`,
    );
  }
}

/** The gateway's view: how to verify callers' tokens and how to sign internal context. */
export async function gatewayKeys(
  config: HubConfig,
): Promise<{ verifyToken: JWTVerifyGetKey; contextPrivateKey: KeyObject }> {
  let verifyToken: JWTVerifyGetKey;
  if (config.jwt.jwksUrl) {
    verifyToken = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
  } else if (config.jwt.jwksFile) {
    const jwks = JSON.parse(await readFile(config.jwt.jwksFile, 'utf8')) as JSONWebKeySet;
    refuseDevKid(JSON.stringify(jwks), 'HUB_JWKS_FILE', config);
    verifyToken = createLocalJWKSet(jwks);
  } else if (config.jwt.publicKey) {
    refuseDevKid(config.jwt.publicKey.replace(/\s/g, ''), 'HUB_JWT_PUBLIC_KEY', config);
    const key = await importKey(config.jwt.publicKey, 'public', 'HUB_JWT_PUBLIC_KEY');
    verifyToken = async () => key;
  } else if (config.mode === 'production') {
    // Checked here, not when the configuration is parsed: only the gateway verifies callers'
    // tokens, so subgraphs and the migrate step need no issuer key.
    throw new ConfigError(
      'Invalid configuration: HUB_JWT_PUBLIC_KEY, HUB_JWKS_FILE or HUB_JWKS_URL must be set in production',
    );
  } else {
    const dev = await devKeys(config);
    verifyToken = createLocalJWKSet({ keys: [publicPart(dev.jwt)] });
  }
  const contextPrivateKey = KeyObject.from(
    config.context.privateKey
      ? await importKey(config.context.privateKey, 'private', 'HUB_CONTEXT_PRIVATE_KEY')
      : ((await importJWK((await devKeys(config)).context, 'EdDSA', EXTRACTABLE)) as CryptoKey),
  );
  return { verifyToken, contextPrivateKey };
}

/**
 * A subgraph's view: the public key(s) that verify the gateway's internal context. A JWKS
 * (`{"keys":[…]}`) holds several — the old and the new key while the gateway's is rotated.
 */
export async function subgraphContextKey(config: HubConfig): Promise<KeyObject | KeyObject[]> {
  const material = config.context.publicKey;
  if (material) {
    const set = parseKeySet(material);
    if (set) {
      return Promise.all(
        set.map(async (jwk) =>
          KeyObject.from(await importKey(JSON.stringify(jwk), 'public', 'HUB_CONTEXT_PUBLIC_KEY')),
        ),
      );
    }
    return KeyObject.from(await importKey(material, 'public', 'HUB_CONTEXT_PUBLIC_KEY'));
  }
  if (config.mode === 'production') {
    throw new ConfigError(
      'Invalid configuration: HUB_CONTEXT_PUBLIC_KEY must be set in production',
    );
  }
  return KeyObject.from(
    (await importJWK(
      publicPart((await devKeys(config)).context),
      'EdDSA',
      EXTRACTABLE,
    )) as CryptoKey,
  );
}

/**
 * The key of the audit trail's value hashes (HMAC): held by the gateway (writes) and the audit
 * subgraph (hashes an auditor's search term), never by the database.
 */
export async function auditValueKey(config: HubConfig): Promise<Buffer> {
  if (config.audit.valueKey) {
    return config.audit.valueKey;
  }
  if (config.mode === 'production') {
    throw new ConfigError('Invalid configuration: HUB_AUDIT_VALUE_KEY must be set in production');
  }
  const dev = await devKeys(config);
  return Buffer.from(dev.auditValue ?? '', 'base64url');
}

/** Development only: the key `hub token` signs with, and its key id. */
export async function devTokenSigningKey(
  config: HubConfig,
): Promise<{ key: CryptoKey; kid: string }> {
  const dev = await devKeys(config);
  return { key: (await importJWK(dev.jwt, 'EdDSA')) as CryptoKey, kid: dev.jwt.kid ?? '' };
}

/** The key of opaque ids (every subgraph holds the same one; see subgraphs/kit/ids.ts). */
export async function idKey(config: HubConfig): Promise<Buffer> {
  if (config.idKey) {
    return config.idKey;
  }
  if (config.mode === 'production') {
    throw new ConfigError('Invalid configuration: HUB_ID_KEY must be set in production');
  }
  return Buffer.from((await devKeys(config)).ids ?? '', 'base64url');
}

/** One database's context keys: the one the gateway signs with, and the one being retired. */
export interface DatabaseContextKeys {
  readonly current: Buffer;
  readonly previous?: Buffer;
}

/**
 * A subgraph database's context keys (schema/database-context.ts): for the gateway (signs with
 * `current`) and the migrate step (installs both in that database). Subgraph processes never
 * ask for them.
 */
export async function databaseContextKeys(
  config: HubConfig,
  name: DatabaseContextSubgraph,
): Promise<DatabaseContextKeys> {
  const configured = config.databaseContext[name];
  if (configured.key) {
    return { current: configured.key, previous: configured.previousKey };
  }
  if (config.mode === 'production') {
    throw new ConfigError(
      `Invalid configuration: ${databaseContextVariables(name).key} must be set in production`,
    );
  }
  const dev = (await devKeys(config)).dbContext?.[name];
  return { current: Buffer.from(dev ?? '', 'base64url'), previous: configured.previousKey };
}

/**
 * The key the gateway signs audit checkpoints with: HUB_AUDIT_CHECKPOINT_KEY (or its file) —
 * never a database — and in development a key under HUB_HOME. Production requires it.
 */
export async function auditCheckpointSigner(config: HubConfig): Promise<NoteSigner> {
  if (config.audit.checkpointKey) {
    return parseSignerKey(config.audit.checkpointKey);
  }
  if (config.mode === 'production') {
    throw new ConfigError(
      'Invalid configuration: HUB_AUDIT_CHECKPOINT_KEY (or HUB_AUDIT_CHECKPOINT_KEY_FILE) must be set in production',
    );
  }
  return parseSignerKey((await devKeys(config)).auditCheckpoint ?? '');
}

/** The checkpoint key's public part: what verifiers, witnesses and proof checkers hold. */
export async function auditCheckpointVerifier(config: HubConfig): Promise<NoteVerifier> {
  if (config.audit.checkpointPublicKey) {
    return parseVerifierKey(config.audit.checkpointPublicKey);
  }
  return parseVerifierKey((await auditCheckpointSigner(config)).text);
}

/** The witnesses whose co-signatures the hub stores. */
export function auditWitnessVerifiers(config: HubConfig): NoteVerifier[] {
  return config.audit.witnessKeys.map((key) => parseVerifierKey(key));
}
