/**
 * The one table of who may do what. Roles map to OAuth-style scopes; named policies are small
 * pure functions of (principal, purpose). Gateway and subgraphs both read this module; if you
 * add a role, scope or policy, this is the place to do so.
 */

export const ROLES = [
  'bureau_analyst',
  'narcotics_investigator',
  'cyber_analyst',
  'juvenile_officer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  'narcotics:read',
  'narcotics:write',
  'cyber:read',
  'cyber:write',
  'pii:read',
  'juvenile:read',
  'juvenile:write',
  'juvenile:sealed',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  bureau_analyst: ['narcotics:read', 'cyber:read'],
  narcotics_investigator: ['narcotics:read', 'narcotics:write', 'cyber:read', 'pii:read'],
  cyber_analyst: ['cyber:read', 'cyber:write'],
  juvenile_officer: [
    'juvenile:read',
    'juvenile:write',
    'juvenile:sealed',
    'narcotics:read',
    'pii:read',
  ],
  auditor: ['audit:read'],
};

export const PURPOSES = ['INVESTIGATION', 'PROSECUTION', 'JUDICIAL', 'AUDIT', 'ANALYSIS'] as const;
export type PurposeCode = (typeof PURPOSES)[number];

/** Why a request reads protected data: `x-purpose: <PURPOSE>[:<reference>]`. */
export interface Purpose {
  readonly code: PurposeCode;
  readonly reference?: string;
}

/** The verified caller, as the gateway derives it from the bearer token. */
export interface Principal {
  readonly sub: string;
  readonly name?: string;
  readonly agency: string;
  readonly province: string;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Scopes granted by a set of roles (unknown roles grant nothing). */
export function scopesForRoles(roles: readonly string[]): Scope[] {
  const granted = new Set<Scope>();
  for (const role of roles) {
    if (isRole(role)) {
      ROLE_SCOPES[role].forEach((scope) => granted.add(scope));
    }
  }
  return [...granted].sort();
}

/**
 * `<PURPOSE>[:<reference>]`. A reference is what an auditor reads back (a court order, a case
 * number): visible ASCII and inner spaces only, at least one letter or digit, at most 200
 * characters — so no control character, invisible or look-alike text can stand in for one.
 */
const PURPOSE_PATTERN = /^([A-Z]+)(?::([\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?))?$/;
const HEADER_SPACE = /^[ \t]+|[ \t]+$/g;

/** Parses an `x-purpose` header value; returns an error message when it is malformed. */
export function parsePurpose(raw: string): Purpose | { error: string } {
  const match = PURPOSE_PATTERN.exec(raw.replace(HEADER_SPACE, ''));
  const code = match?.[1];
  const reference = match?.[2];
  if (
    !match ||
    !code ||
    !(PURPOSES as readonly string[]).includes(code) ||
    (reference !== undefined && !/[A-Za-z0-9]/.test(reference))
  ) {
    return {
      error:
        `x-purpose must be <PURPOSE>[:<reference>] with PURPOSE one of ${PURPOSES.join(', ')} ` +
        'and a reference of visible ASCII characters (letters or digits among them)',
    };
  }
  return reference ? { code: code as PurposeCode, reference } : { code: code as PurposeCode };
}

export type PolicyFn = (principal: Principal, purpose: Purpose | undefined) => boolean;

/** Named policies used by `@policy(policies: [[...]])` in the subgraph schemas. */
export const POLICIES: Readonly<Record<string, PolicyFn>> = {
  /** A judicial body handling a case: purpose JUDICIAL with a court order or case reference. */
  'purpose.judicial': (_principal, purpose) =>
    purpose?.code === 'JUDICIAL' && Boolean(purpose.reference),
  /** Any stated purpose at all. */
  'purpose.stated': (_principal, purpose) => purpose !== undefined,
};

/** `[[a, b], [c]]` means (a AND b) OR c, as Federation's `@requiresScopes` and `@policy` read. */
export function satisfiesAnyOf(
  alternatives: readonly (readonly string[])[],
  holds: (name: string) => boolean,
): boolean {
  return alternatives.some((all) => all.every(holds));
}

/** What one `@authenticated` / `@requiresScopes` / `@policy` declaration asks for. */
export interface AccessRule {
  /** Any verified caller. */
  readonly authenticated: boolean;
  /** OR of ANDs of scopes; empty when not required. */
  readonly scopes: readonly (readonly string[])[];
  /** OR of ANDs of named policies; empty when not required. */
  readonly policies: readonly (readonly string[])[];
}

/** Why a rule refuses a caller, or undefined when it allows. Unknown policies deny. */
export function denialReason(
  rule: AccessRule,
  principal: Principal | undefined,
  purpose: Purpose | undefined,
): string | undefined {
  if (!principal) {
    return 'authentication required';
  }
  if (rule.scopes.length > 0 && !satisfiesAnyOf(rule.scopes, (s) => principal.scopes.includes(s))) {
    return `requires scopes ${rule.scopes.map((all) => all.join(' & ')).join(' | ')}`;
  }
  if (
    rule.policies.length > 0 &&
    !satisfiesAnyOf(rule.policies, (name) => POLICIES[name]?.(principal, purpose) ?? false)
  ) {
    return `requires policy ${rule.policies.map((all) => all.join(' & ')).join(' | ')}`;
  }
  return undefined;
}
