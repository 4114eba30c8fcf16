/**
 * What a production process lacks, all at once: checked before anything starts (a database, a
 * migration), so one run of a misconfigured `hub start` names every missing setting.
 */
import { DATABASE_CONTEXT_SUBGRAPHS } from '../schema/database-context.js';
import { DATABASE_ROLES } from '../schema/database-roles.js';

import { ConfigError, databaseContextVariables, type HubConfig } from './config.js';

/** What a process needs from a production configuration (see {@link productionProblems}). */
export type ProcessRole = 'all' | 'gateway' | 'subgraph' | 'migrate';

/**
 * Every setting a production process of `role` lacks, one line each naming the variable —
 * checked before anything starts (a database, a migration), so one run reports them all. The
 * services check the same again where they use them (platform/keys.ts, secrets.ts).
 */
export function productionProblems(
  config: HubConfig,
  role: ProcessRole,
  /** For `subgraph`: which one (only the audit subgraph hashes values). */
  subgraphName?: string,
): string[] {
  if (config.mode !== 'production') {
    return [];
  }
  const problems: string[] = [];
  const need = (present: unknown, variable: string, why: string) => {
    if (!present && !problems.some((problem) => problem.startsWith(`${variable} `))) {
      problems.push(`${variable} must be set in production (${why})`);
    }
  };
  const gateway = role === 'all' || role === 'gateway';
  const subgraph = role === 'all' || role === 'subgraph';
  const migrate = role === 'all' || role === 'migrate';
  if (gateway) {
    need(
      config.jwt.publicKey ?? config.jwt.jwksFile ?? config.jwt.jwksUrl,
      'HUB_JWT_PUBLIC_KEY, HUB_JWKS_FILE or HUB_JWKS_URL',
      "the token issuer's key",
    );
    need(
      config.context.privateKey,
      'HUB_CONTEXT_PRIVATE_KEY',
      'the gateway signs internal context',
    );
    need(
      config.database.auditWriterUrl ?? config.database.rolePasswords.hub_audit_writer,
      'AUDIT_WRITER_DB_PASSWORD (or AUDIT_WRITER_DATABASE_URL)',
      'the gateway writes the audit trail',
    );
  }
  if (gateway) {
    need(
      config.audit.checkpointKey,
      'HUB_AUDIT_CHECKPOINT_KEY (or HUB_AUDIT_CHECKPOINT_KEY_FILE)',
      'the gateway signs audit checkpoints',
    );
  }
  const auditSubgraph = role === 'all' || (role === 'subgraph' && subgraphName === 'audit');
  if (gateway || auditSubgraph) {
    need(config.audit.valueKey, 'HUB_AUDIT_VALUE_KEY', 'the audit trail hashes values');
  }
  if (subgraph) {
    need(config.context.publicKey, 'HUB_CONTEXT_PUBLIC_KEY', 'subgraphs verify internal context');
    need(config.idKey, 'HUB_ID_KEY', 'opaque ids');
  }
  if (gateway || migrate) {
    for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
      need(
        config.databaseContext[name].key,
        databaseContextVariables(name).key,
        `the ${name} database checks the gateway's context`,
      );
    }
  }
  if (migrate) {
    for (const [roleName, variable] of DATABASE_ROLES) {
      need(
        config.database.rolePasswords[roleName],
        variable,
        `password of database role ${roleName}`,
      );
    }
  }
  return problems;
}

/** Throws one {@link ConfigError} listing every production problem of `role`. */
export function assertProductionReady(
  config: HubConfig,
  role: ProcessRole,
  subgraphName?: string,
): void {
  const problems = productionProblems(config, role, subgraphName);
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration (HUB_MODE=production, ${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`,
    );
  }
}
