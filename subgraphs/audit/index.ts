/** The audit subgraph: the read side of the audit trail, for audit teams (`audit:read`). */
import 'reflect-metadata';

import { AUDIT_WRITER_ROLE } from '../../schema/database-roles.js';
import { defineSubgraph } from '../kit/index.js';

import { AccessLogEntry } from './entities/access-log-entry.entity.js';
import { createLoaders } from './loaders.js';
import { AuditStore1764300300000 } from './migrations/1764300300000-audit-store.js';
import { AuditValues1764300500000 } from './migrations/1764300500000-audit-values.js';
import { ProvinceIndex1764301600000 } from './migrations/1764301600000-province-index.js';
import { AuditClock1764310000000 } from './migrations/1764310000000-audit-clock.js';
import { AuditLogTree1764320000000 } from './migrations/1764320000000-audit-log-tree.js';
import { AccessLogResolver } from './resolvers/access-log.resolver.js';
import { AuditLogResolver } from './resolvers/audit-log.resolver.js';

export const auditSubgraph = defineSubgraph({
  name: 'audit',
  resolvers: [AccessLogResolver, AuditLogResolver],
  entities: [AccessLogEntry],
  migrations: [
    AuditStore1764300300000,
    AuditValues1764300500000,
    ProvinceIndex1764301600000,
    AuditClock1764310000000,
    AuditLogTree1764320000000,
  ],
  databaseRoles: [AUDIT_WRITER_ROLE],
  // The coming year's monthly partitions (the writer may no longer make them).
  maintenance: ['SELECT audit.ensure_partitions(12)'],
  needs: ['hashValue', 'lookupBudget'],
  createLoaders,
});
