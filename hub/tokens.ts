/** Development tokens for `hub token`: signed with the dev key the dev gateway trusts. */
import { SignJWT } from 'jose';

import { ConfigError, type HubConfig } from '../platform/config.js';
import { devTokenSigningKey } from '../platform/keys.js';
import { isRole, ROLES, scopesForRoles } from '../schema/access.js';

export interface TokenRequest {
  readonly roles: readonly string[];
  readonly agency: string;
  readonly province: string;
  readonly sub?: string;
  readonly name?: string;
  /** Lifetime such as `1h`, `15m`, `30s` (jose's duration syntax). */
  readonly ttl?: string;
}

export async function mintDevToken(config: HubConfig, request: TokenRequest): Promise<string> {
  const unknown = request.roles.filter((role) => !isRole(role));
  if (request.roles.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      `Unknown role ${unknown.join(', ') || '(none)'}; roles are ${ROLES.join(', ')}`,
    );
  }
  if (
    !/^[A-Z0-9_-]{2,32}$/i.test(request.agency) ||
    !/^[A-Z0-9_-]{2,32}$/i.test(request.province)
  ) {
    throw new ConfigError('agency and province must be codes of 2–32 letters, digits, _ or -');
  }
  const { key, kid } = await devTokenSigningKey(config);
  const sub = request.sub ?? `officer-${request.agency.toLowerCase()}-${request.roles[0]}`;
  return new SignJWT({
    name: request.name ?? sub,
    agency: request.agency,
    province: request.province,
    roles: [...request.roles],
    scope: scopesForRoles(request.roles).join(' '),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '1h')
    .sign(key);
}
