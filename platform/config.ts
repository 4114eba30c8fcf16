/**
 * The hub's configuration: parsed from the environment once, validated with zod, frozen.
 * Nothing else in the hub reads `process.env`. A bad setting stops the process with one line
 * naming the variable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import {
  DATABASE_CONTEXT_SUBGRAPHS,
  type DatabaseContextSubgraph,
} from '../schema/database-context.js';
import { DATABASE_ROLES } from '../schema/database-roles.js';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../schema/subgraph-names.js';

export interface SubgraphConfig {
  readonly name: SubgraphName;
  readonly port: number;
  /** Where the gateway reaches this subgraph. */
  readonly url: string;
  /** Runtime connection for this subgraph; derived from DATABASE_URL when unset. */
  readonly databaseUrl?: string;
}

export interface HubConfig {
  readonly mode: 'development' | 'production';
  readonly home: string;
  readonly host: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** HUB_LOG_FORMAT: `auto` (readable on a terminal outside production), `pretty` or `json`. */
  readonly logFormat: 'auto' | 'pretty' | 'json';
  readonly gateway: {
    readonly port: number;
    readonly introspection: boolean;
    readonly maxBodyBytes: number;
    /** Apollo Router's `reject_unauthorized`: refuse the whole operation instead of filtering. */
    readonly rejectUnauthorized: boolean;
    /** Apollo Router's `dry_run`: evaluate and report, filter nothing. */
    readonly dryRun: boolean;
    readonly limits: {
      readonly maxDepth: number;
      readonly maxAliases: number;
      readonly maxRootFields: number;
      readonly maxDocumentBytes: number;
      readonly maxCost: number;
      readonly maxFields: number;
    };
  };
  readonly subgraphs: Readonly<Record<SubgraphName, SubgraphConfig>>;
  readonly database: {
    /** Administrative connection (migrations, role provisioning); embedded server when unset. */
    readonly url?: string;
    /**
     * Password of each LOGIN role (`hub_narcotics_app` ← NARCOTICS_DB_PASSWORD, …,
     * `hub_audit_writer` ← AUDIT_WRITER_DB_PASSWORD); generated under HUB_HOME in development.
     */
    readonly rolePasswords: Readonly<Record<string, string>>;
    readonly embeddedPort: number;
    /**
     * As root: where the embedded server's binaries are copied when the `postgres` user cannot
     * reach node_modules (and where its data goes when it cannot reach HUB_HOME); default
     * `/var/lib/interagency-hub/postgres-<version>`.
     */
    readonly embeddedDir?: string;
    readonly poolSize: number;
    /** Databases are named `<prefix>_<subgraph>` on the server. */
    readonly prefix: string;
    /** The gateway's connection to the audit store (derived from DATABASE_URL when unset). */
    readonly auditWriterUrl?: string;
  };
  readonly jwt: {
    readonly issuer: string;
    readonly audience: string;
    /** PEM (SPKI) or JWK JSON of the token issuer's public key. */
    readonly publicKey?: string;
    /** Path of a JWKS file holding the issuer's public keys. */
    readonly jwksFile?: string;
    /** HTTPS URL of the issuer's JWKS (only remote fetch the hub ever makes; unset by default). */
    readonly jwksUrl?: string;
  };
  readonly context: {
    /** Gateway's EdDSA private key for `x-hub-context` (PKCS8 PEM or JWK JSON). */
    readonly privateKey?: string;
    /** Subgraphs' copy of the matching public key (SPKI PEM or JWK JSON). */
    readonly publicKey?: string;
  };
  readonly audit: {
    /** HMAC key of the audit trail's value hashes (32+ bytes); generated under HUB_HOME in development. */
    readonly valueKey?: Buffer;
    /**
     * Searches of the trail by a value (`variableValue`) one auditor may make per hour: each is
     * a guess checked against keyed hashes, so the number of guesses is what protects a short
     * value (a date of birth) behind its hash. Per audit-subgraph process.
     */
    readonly valueLookupsPerHour: number;
    /**
     * The key the gateway signs audit checkpoints with (a note signer key,
     * `PRIVATE+KEY+name+hash+base64`, from HUB_AUDIT_CHECKPOINT_KEY or the file named by
     * HUB_AUDIT_CHECKPOINT_KEY_FILE); generated under HUB_HOME in development, required in
     * production. Never in a database.
     */
    readonly checkpointKey?: string;
    /** The checkpoint key's public part (`name+hash+base64`), for verifiers without the key. */
    readonly checkpointPublicKey?: string;
    /** Seconds between checkpoints (HUB_AUDIT_CHECKPOINT_INTERVAL, default 5). */
    readonly checkpointIntervalSeconds: number;
    /** Witnesses whose co-signatures the hub accepts (their note verifier keys). */
    readonly witnessKeys: readonly string[];
  };
  /** The key of opaque ids (32+ bytes), the same for every subgraph and never changed. */
  readonly idKey?: Buffer;
  /** The CLI's bearer token (HUB_TOKEN) for commands that call the gateway (`hub ingest`). */
  readonly cliToken?: string;
  readonly observability: {
    /**
     * A separate internal listener per process for /metrics, /healthz and /readyz; when set,
     * /metrics leaves the service ports (the gateway's public port then serves no metrics).
     */
    readonly metricsPort?: number;
    readonly metricsHost: string;
    /** Distinct operation names labelled in metrics before the rest count as `other`. */
    readonly maxOperationLabels: number;
    /** Only these operation names get their own label (all others `other`), when given. */
    readonly operationLabels?: readonly string[];
    /**
     * OpenTelemetry tracing: off unless the standard OTEL_* variables ask for an exporter. The
     * SDK reads the rest of OTEL_* itself (endpoint, protocol, headers, sampler, batch delays).
     */
    readonly tracing: { readonly enabled: boolean; readonly serviceName?: string };
  };
  /**
   * Database-context keys (schema/database-context.ts), one per subgraph whose database checks
   * them: `<NAME>_DB_CONTEXT_KEY` (the gateway signs with it; migrations install it) and, while
   * rotating, `<NAME>_DB_CONTEXT_PREVIOUS_KEY` (installed too, so values signed with it still
   * pass). Held by the gateway and the migrate step, never by the subgraph processes; generated
   * under HUB_HOME in development.
   */
  readonly databaseContext: Readonly<Record<DatabaseContextSubgraph, DatabaseContextKeyConfig>>;
}

export interface DatabaseContextKeyConfig {
  readonly key?: Buffer;
  readonly previousKey?: Buffer;
}

/** The variables of one subgraph's database-context keys. */
export function databaseContextVariables(name: DatabaseContextSubgraph): {
  key: string;
  previousKey: string;
} {
  const prefix = name.toUpperCase();
  return { key: `${prefix}_DB_CONTEXT_KEY`, previousKey: `${prefix}_DB_CONTEXT_PREVIOUS_KEY` };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a postgres:// URL',
  });
const httpUrl = z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
  message: 'must be an http(s) URL',
});
/** 32+ bytes of key, given as hex or base64url. */
const keyMaterial = z
  .string()
  .transform((value) => Buffer.from(value, /^[0-9a-f]+$/i.test(value) ? 'hex' : 'base64url'))
  .refine((key) => key.length >= 32, 'must be at least 32 bytes (hex or base64url)');
const secretText = z.string().min(16, 'must be at least 16 characters');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const nonEmpty = z.string().min(1, 'must not be empty');

const envSchema = z.object({
  HUB_MODE: z.enum(['development', 'production']).default('development'),
  HUB_HOME: nonEmpty.default('.hub'),
  HUB_HOST: nonEmpty.default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUB_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  PORT: port.default(4000),
  HUB_INTROSPECTION: bool.optional(),
  HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(1_000_000),
  HUB_AUTHZ_REJECT_UNAUTHORIZED: bool.default(false),
  HUB_AUTHZ_DRY_RUN: bool.default(false),
  HUB_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(15),
  HUB_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  HUB_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(100).default(10),
  HUB_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  HUB_MAX_COST: z.coerce.number().int().min(1).max(100_000_000).default(100_000),
  HUB_MAX_FIELDS: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  DATABASE_URL: postgresUrl.optional(),
  ...Object.fromEntries(DATABASE_ROLES.map(([, variable]) => [variable, secretText.optional()])),
  HUB_EMBEDDED_PG_PORT: port.default(5433),
  HUB_EMBEDDED_PG_DIR: nonEmpty
    .refine((value) => path.isAbsolute(value), 'must be an absolute path')
    .optional(),
  HUB_TOKEN: nonEmpty.optional(),
  HUB_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  HUB_DB_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be lower-case letters, digits and _ (max 41)')
    .default('hub'),
  AUDIT_WRITER_DATABASE_URL: postgresUrl.optional(),
  HUB_JWT_ISSUER: nonEmpty.default('interagency-hub'),
  HUB_JWT_AUDIENCE: nonEmpty.default('interagency-hub'),
  HUB_JWT_PUBLIC_KEY: nonEmpty.optional(),
  HUB_JWKS_FILE: nonEmpty.optional(),
  HUB_JWKS_URL: httpUrl.optional(),
  HUB_CONTEXT_PRIVATE_KEY: nonEmpty.optional(),
  HUB_CONTEXT_PUBLIC_KEY: nonEmpty.optional(),
  HUB_AUDIT_VALUE_KEY: keyMaterial.optional(),
  HUB_AUDIT_VALUE_LOOKUPS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
  HUB_AUDIT_CHECKPOINT_KEY: z
    .string()
    .regex(
      /^PRIVATE\+KEY\+[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/,
      'must be a note signer key (hub audit key)',
    )
    .optional(),
  HUB_AUDIT_CHECKPOINT_KEY_FILE: nonEmpty.optional(),
  HUB_AUDIT_CHECKPOINT_PUBLIC_KEY: z
    .string()
    .regex(
      /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/,
      'must be a note verifier key (hub audit key)',
    )
    .optional(),
  HUB_AUDIT_CHECKPOINT_INTERVAL: z.coerce.number().min(0.05).max(3600).default(5),
  HUB_AUDIT_WITNESS_KEYS: z
    .string()
    .regex(
      /^[^\s+,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*(,[^\s+,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*)*$/,
      'must be note verifier keys, comma-separated (hub audit key)',
    )
    .optional(),
  HUB_ID_KEY: keyMaterial.optional(),
  ...Object.fromEntries(
    DATABASE_CONTEXT_SUBGRAPHS.flatMap((name) =>
      Object.values(databaseContextVariables(name)).map((variable) => [
        variable,
        keyMaterial.optional(),
      ]),
    ),
  ),
  HUB_METRICS_PORT: port.optional(),
  HUB_METRICS_HOST: nonEmpty.optional(),
  HUB_METRICS_MAX_OPERATIONS: z.coerce.number().int().min(0).max(1000).default(50),
  HUB_METRICS_OPERATIONS: z
    .string()
    .regex(
      /^[_A-Za-z][_0-9A-Za-z]*(,[_A-Za-z][_0-9A-Za-z]*)*$/,
      'must be GraphQL names, comma-separated',
    )
    .optional(),
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_TRACES_EXPORTER: z
    .string()
    .regex(
      /^(otlp|console|zipkin|none)(,(otlp|console|zipkin|none))*$/,
      'must list otlp, console, zipkin or none',
    )
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: nonEmpty.optional(),
});

function subgraphSchema(name: SubgraphName) {
  const prefix = name.toUpperCase();
  return z
    .object({
      [`${prefix}_PORT`]: port.default(DEFAULT_PORTS[name]),
      [`${prefix}_URL`]: httpUrl.optional(),
      [`${prefix}_DATABASE_URL`]: postgresUrl.optional(),
    })
    .transform((v) => ({
      port: v[`${prefix}_PORT`] as number,
      url: v[`${prefix}_URL`] as string | undefined,
      databaseUrl: v[`${prefix}_DATABASE_URL`] as string | undefined,
    }));
}

type Env = Record<string, string | undefined>;

/** Parses an environment; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: Env): HubConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const { e, subgraphs } = parseEnvironment(cleaned);
  const production = e.HUB_MODE === 'production';

  return deepFreeze({
    mode: e.HUB_MODE,
    home: path.resolve(e.HUB_HOME),
    host: e.HUB_HOST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.HUB_LOG_FORMAT,
    gateway: {
      port: e.PORT,
      introspection: e.HUB_INTROSPECTION ?? !production,
      maxBodyBytes: e.HUB_MAX_BODY_BYTES,
      rejectUnauthorized: e.HUB_AUTHZ_REJECT_UNAUTHORIZED,
      dryRun: e.HUB_AUTHZ_DRY_RUN,
      limits: {
        maxDepth: e.HUB_MAX_DEPTH,
        maxAliases: e.HUB_MAX_ALIASES,
        maxRootFields: e.HUB_MAX_ROOT_FIELDS,
        maxDocumentBytes: e.HUB_MAX_DOCUMENT_BYTES,
        maxCost: e.HUB_MAX_COST,
        maxFields: e.HUB_MAX_FIELDS,
      },
    },
    subgraphs,
    database: {
      url: e.DATABASE_URL,
      rolePasswords: Object.fromEntries(
        DATABASE_ROLES.flatMap(([role, variable]) => {
          const value = (e as Record<string, unknown>)[variable];
          return typeof value === 'string' ? [[role, value]] : [];
        }),
      ),
      embeddedPort: e.HUB_EMBEDDED_PG_PORT,
      embeddedDir: e.HUB_EMBEDDED_PG_DIR,
      poolSize: e.HUB_DB_POOL_SIZE,
      prefix: e.HUB_DB_PREFIX,
      auditWriterUrl: e.AUDIT_WRITER_DATABASE_URL,
    },
    jwt: {
      issuer: e.HUB_JWT_ISSUER,
      audience: e.HUB_JWT_AUDIENCE,
      publicKey: e.HUB_JWT_PUBLIC_KEY,
      jwksFile: e.HUB_JWKS_FILE,
      jwksUrl: e.HUB_JWKS_URL,
    },
    context: { privateKey: e.HUB_CONTEXT_PRIVATE_KEY, publicKey: e.HUB_CONTEXT_PUBLIC_KEY },
    audit: {
      valueKey: e.HUB_AUDIT_VALUE_KEY,
      valueLookupsPerHour: e.HUB_AUDIT_VALUE_LOOKUPS_PER_HOUR,
      checkpointKey: e.HUB_AUDIT_CHECKPOINT_KEY ?? readKeyFile(e.HUB_AUDIT_CHECKPOINT_KEY_FILE),
      checkpointPublicKey: e.HUB_AUDIT_CHECKPOINT_PUBLIC_KEY,
      checkpointIntervalSeconds: e.HUB_AUDIT_CHECKPOINT_INTERVAL,
      witnessKeys: e.HUB_AUDIT_WITNESS_KEYS?.split(',') ?? [],
    },
    idKey: e.HUB_ID_KEY,
    cliToken: e.HUB_TOKEN,
    databaseContext: databaseContextKeys(e as Record<string, unknown>),
    observability: {
      metricsPort: e.HUB_METRICS_PORT,
      metricsHost: e.HUB_METRICS_HOST ?? e.HUB_HOST,
      maxOperationLabels: e.HUB_METRICS_MAX_OPERATIONS,
      operationLabels: e.HUB_METRICS_OPERATIONS?.split(','),
      tracing: { enabled: tracingEnabled(e), serviceName: e.OTEL_SERVICE_NAME },
    },
  });
}

/** A key file's text; a missing or unreadable file fails fast, naming the variable. */
function readKeyFile(file: string | undefined): string | undefined {
  if (file === undefined) {
    return undefined;
  }
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: HUB_AUDIT_CHECKPOINT_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * Every problem at once, each naming its variable: someone fixing a configuration should not
 * need one run per line.
 */
function parseEnvironment(cleaned: Env): {
  e: z.infer<typeof envSchema>;
  subgraphs: Record<SubgraphName, SubgraphConfig>;
} {
  const problems: string[] = [];
  const e = parseCollecting(envSchema, cleaned, problems);
  const parsed = SUBGRAPH_NAMES.map(
    (name) => [name, parseCollecting(subgraphSchema(name), cleaned, problems)] as const,
  );
  if (!e || problems.length > 0) {
    throw new ConfigError(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration (${problems.length} problems):\n  ${problems.join('\n  ')}`,
    );
  }
  const subgraphs = Object.fromEntries(
    parsed.map(([name, s]) => {
      if (!s) {
        throw new ConfigError(`Invalid configuration: ${name.toUpperCase()}_* is invalid`);
      }
      const url = s.url ?? `http://127.0.0.1:${s.port}/graphql`;
      return [name, { name, port: s.port, url, databaseUrl: s.databaseUrl }];
    }),
  ) as Record<SubgraphName, SubgraphConfig>;
  return { e, subgraphs };
}

function databaseContextKeys(
  env: Record<string, unknown>,
): Record<DatabaseContextSubgraph, DatabaseContextKeyConfig> {
  const buffer = (variable: string) => {
    const value = env[variable];
    return Buffer.isBuffer(value) ? value : undefined;
  };
  return Object.fromEntries(
    DATABASE_CONTEXT_SUBGRAPHS.map((name) => {
      const variables = databaseContextVariables(name);
      return [name, { key: buffer(variables.key), previousKey: buffer(variables.previousKey) }];
    }),
  ) as Record<DatabaseContextSubgraph, DatabaseContextKeyConfig>;
}

/**
 * Tracing is opt-in: on when an exporter is named (other than `none`) or an OTLP endpoint is
 * given, and OTEL_SDK_DISABLED is not set — so an unset environment never starts the SDK (which
 * would otherwise default to exporting to localhost:4318).
 */
function tracingEnabled(e: {
  OTEL_SDK_DISABLED: boolean;
  OTEL_TRACES_EXPORTER?: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
}): boolean {
  if (e.OTEL_SDK_DISABLED) {
    return false;
  }
  if (e.OTEL_TRACES_EXPORTER !== undefined) {
    return e.OTEL_TRACES_EXPORTER.split(',').some((name) => name !== 'none');
  }
  return Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Parses with `schema`; each problem becomes one line naming its variable, in `problems`. */
function parseCollecting<T>(schema: z.ZodType<T>, env: Env, problems: string[]): T | undefined {
  const parsed = schema.safeParse(env);
  if (parsed.success) {
    return parsed.data;
  }
  for (const issue of parsed.error.issues) {
    const variable = String(issue.path[0] ?? 'environment');
    const shown = env[variable];
    const got = shown === undefined ? '' : ` (got ${JSON.stringify(redact(variable, shown))})`;
    problems.push(`${variable} ${issue.message}${got}`);
  }
  return undefined;
}

function redact(variable: string, value: string): string {
  if (/PASSWORD|KEY|SECRET/.test(variable)) {
    return '***';
  }
  return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function deepFreeze<T>(value: T): T {
  // Buffers (key material) cannot be frozen; nothing hands them out for writing.
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

let cached: HubConfig | undefined;

/** The process's configuration, parsed from `process.env` on first use. */
export function hubConfig(): HubConfig {
  cached ??= loadConfig(process.env);
  return cached;
}
