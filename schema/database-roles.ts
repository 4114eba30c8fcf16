/**
 * The PostgreSQL roles the hub's processes log in as — provisioned by the hub, granted by the
 * subgraphs' migrations, used by the gateway and the subgraphs — and the variable holding each
 * one's password. Role names are fixed: migrations grant to them by name.
 */

/** The role the gateway appends audit records with: it may only call `audit.append`. */
export const AUDIT_WRITER_ROLE = 'hub_audit_writer';

/** The LOGIN roles the hub connects as, and the variable holding each one's password. */
export const DATABASE_ROLES: readonly (readonly [role: string, variable: string])[] = [
  ['hub_narcotics_app', 'NARCOTICS_DB_PASSWORD'],
  ['hub_cyber_app', 'CYBER_DB_PASSWORD'],
  ['hub_juvenile_app', 'JUVENILE_DB_PASSWORD'],
  ['hub_audit_app', 'AUDIT_DB_PASSWORD'],
  [AUDIT_WRITER_ROLE, 'AUDIT_WRITER_DB_PASSWORD'],
];

/** A subgraph's owner role (NOLOGIN; owns its tables) and runtime role (LOGIN; owns nothing). */
export const roleNames = (subgraph: string) => ({
  owner: `hub_${subgraph}_owner`,
  app: `hub_${subgraph}_app`,
});
