/**
 * `hub policy`: who may see what, read from the supergraph's own directives — a role × field
 * matrix for the terminal or for the README.
 */
import {
  denialReason,
  ROLES,
  scopesForRoles,
  type AccessRule,
  type Principal,
  type Purpose,
} from '../schema/access.js';
import type { PolicyIndex } from '../schema/supergraph-rules.js';

/** What a role gets on one coordinate: always, only for a judicial purpose, or never. */
export type Verdict = 'yes' | 'judicial' | 'no';

export interface PolicyRow {
  readonly coordinate: string;
  readonly rule: AccessRule;
  readonly verdicts: Readonly<Record<string, Verdict>>;
}

const JUDICIAL: Purpose = { code: 'JUDICIAL', reference: 'court-order' };
const INVESTIGATION: Purpose = { code: 'INVESTIGATION' };

function principalFor(role: string): Principal {
  return {
    sub: 'policy-table',
    agency: 'ANY',
    province: 'ANY',
    roles: [role],
    scopes: scopesForRoles([role]),
  };
}

export function policyRows(index: PolicyIndex): PolicyRow[] {
  return [...index.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([coordinate, rule]) => ({
      coordinate,
      rule,
      verdicts: Object.fromEntries(
        ROLES.map((role) => {
          const principal = principalFor(role);
          const verdict: Verdict =
            denialReason(rule, principal, INVESTIGATION) === undefined
              ? 'yes'
              : denialReason(rule, principal, JUDICIAL) === undefined
                ? 'judicial'
                : 'no';
          return [role, verdict];
        }),
      ),
    }));
}

function describeRule(rule: AccessRule): string {
  const parts: string[] = [];
  if (rule.scopes.length > 0) {
    parts.push(`scopes ${rule.scopes.map((all) => all.join('+')).join(' or ')}`);
  }
  if (rule.policies.length > 0) {
    parts.push(`policy ${rule.policies.map((all) => all.join('+')).join(' or ')}`);
  }
  if (parts.length === 0 && rule.authenticated) {
    parts.push('authenticated');
  }
  return parts.join('; ');
}

const SYMBOL: Record<Verdict, string> = { yes: '✓', judicial: 'JUDICIAL', no: '—' };

export function policyMarkdown(index: PolicyIndex): string {
  const header = ['field or type', 'rule', ...ROLES];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of policyRows(index)) {
    const cells = [
      `\`${row.coordinate}\``,
      describeRule(row.rule),
      ...ROLES.map((role) => SYMBOL[row.verdicts[role] ?? 'no']),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function policyText(index: PolicyIndex): string {
  const rows = policyRows(index);
  const width = Math.max(20, ...rows.map((row) => row.coordinate.length));
  const roleWidth = Math.max(...ROLES.map((role) => role.length));
  const header = `${'field or type'.padEnd(width)}  ${ROLES.map((role) => role.padEnd(roleWidth)).join('  ')}`;
  const body = rows.map(
    (row) =>
      `${row.coordinate.padEnd(width)}  ${ROLES.map((role) => SYMBOL[row.verdicts[role] ?? 'no'].padEnd(roleWidth)).join('  ')}`,
  );
  return [header, '-'.repeat(header.length), ...body, ''].join('\n');
}
