/**
 * The juvenile subgraph: records of offences committed under 18, sealed by law and invisible
 * (row-level security) to all but judicial callers; extends the narcotics `Person` with its
 * records.
 */
import 'reflect-metadata';

import { defineSubgraph } from '../kit/index.js';

import { JuvenileRecord } from './entities/juvenile-record.entity.js';
import { CaseRef, PersonRef } from './entities/references.type.js';
import { SealChange } from './entities/seal-change.entity.js';
import { WelfareReferral } from './entities/welfare-referral.entity.js';
import { createLoaders, type JuvenileLoaders } from './loaders.js';
import { Initial1764300200000 } from './migrations/1764300200000-initial.js';
import { UnsealingAudit1764300600000 } from './migrations/1764300600000-unsealing-audit.js';
import { NoIdentityMarker1764300610000 } from './migrations/1764300610000-no-identity-marker.js';
import { SealReasonsWithoutIds1764300800000 } from './migrations/1764300800000-seal-reasons-without-ids.js';
import { SealedIndex1764301610000 } from './migrations/1764301610000-sealed-index.js';
import { DatabaseContext1764310000000 } from './migrations/1764310000000-database-context.js';
import { CaseRecordsResolver } from './resolvers/case-records.resolver.js';
import { JuvenileMutationResolver } from './resolvers/juvenile-mutation.resolver.js';
import { JuvenileRecordFieldsResolver } from './resolvers/juvenile-record-fields.resolver.js';
import { resolveJuvenileRecordReference } from './resolvers/juvenile-record.reference.js';
import { JuvenileRecordResolver } from './resolvers/juvenile-record.resolver.js';
import { PersonResolver } from './resolvers/person.resolver.js';
import { seedJuvenile } from './seed/index.js';

export const juvenileSubgraph = defineSubgraph<JuvenileLoaders>({
  name: 'juvenile',
  resolvers: [
    JuvenileRecordResolver,
    JuvenileRecordFieldsResolver,
    JuvenileMutationResolver,
    PersonResolver,
    CaseRecordsResolver,
  ],
  // Reached only through other subgraphs (no root field here returns them).
  orphanedTypes: [PersonRef, CaseRef],
  references: { JuvenileRecord: resolveJuvenileRecordReference },
  sensitiveTypes: ['JuvenileRecord'],
  entities: [JuvenileRecord, SealChange, WelfareReferral],
  migrations: [
    Initial1764300200000,
    UnsealingAudit1764300600000,
    NoIdentityMarker1764300610000,
    SealReasonsWithoutIds1764300800000,
    SealedIndex1764301610000,
    DatabaseContext1764310000000,
  ],
  createLoaders,
  seed: seedJuvenile,
});
