/**
 * The narcotics subgraph: cases, persons (owner of the federated `Person`), drug rings,
 * seizures, drug-making plants and arrests, as one definition the kit migrates, seeds and serves.
 * Record-level rules (dissemination, minors' identity) live in rules.ts.
 */
import 'reflect-metadata';

import { defineSubgraph } from '../kit/index.js';

import { Agency } from './entities/agency.entity.js';
import { Arrest } from './entities/arrest.entity.js';
import { CaseSuspect } from './entities/case-suspect.entity.js';
import { Case } from './entities/case.entity.js';
import { DrugRing } from './entities/drug-ring.entity.js';
import { Lab } from './entities/lab.entity.js';
import { Person } from './entities/person.entity.js';
import { ChatRoomRef, HandleRef, JuvenileRecordRef } from './entities/references.type.js';
import { Seizure } from './entities/seizure.entity.js';
import { createLoaders, type NarcoticsLoaders } from './loaders.js';
import { Initial1764300000000 } from './migrations/1764300000000-initial.js';
import { Dissemination1764300400000 } from './migrations/1764300400000-dissemination.js';
import { MinorsIdentity1764300610000 } from './migrations/1764300610000-minors-identity.js';
import { CaseNumberPerAgency1764300700000 } from './migrations/1764300700000-case-number-per-agency.js';
import { NationalIdAsEachCallerSees1764300750000 } from './migrations/1764300750000-national-id-as-each-caller-sees.js';
import { DatabaseContext1764310000000 } from './migrations/1764310000000-database-context.js';
import { PersonMatches1764310100000 } from './migrations/1764310100000-person-matches.js';
import { ArrestResolver } from './resolvers/arrest.resolver.js';
import { CaseMutationResolver } from './resolvers/case-mutation.resolver.js';
import { resolveCaseReference } from './resolvers/case.reference.js';
import { CaseResolver } from './resolvers/case.resolver.js';
import { LabResolver } from './resolvers/lab.resolver.js';
import { resolvePersonReference } from './resolvers/person.reference.js';
import { PersonResolver } from './resolvers/person.resolver.js';
import { representationItself } from './resolvers/references.reference.js';
import {
  ChatRoomCasesResolver,
  HandlePersonResolver,
  JuvenileRecordReferencesResolver,
} from './resolvers/references.resolver.js';
import { RingResolver } from './resolvers/ring.resolver.js';
import { SeizureResolver } from './resolvers/seizure.resolver.js';
import { SuspectResolver } from './resolvers/suspect.resolver.js';
import { seedNarcotics } from './seed/index.js';

export const narcoticsSubgraph = defineSubgraph<NarcoticsLoaders>({
  name: 'narcotics',
  resolvers: [
    CaseResolver,
    CaseMutationResolver,
    PersonResolver,
    SuspectResolver,
    SeizureResolver,
    ArrestResolver,
    RingResolver,
    LabResolver,
    ChatRoomCasesResolver,
    HandlePersonResolver,
    JuvenileRecordReferencesResolver,
  ],
  sensitiveTypes: ['Person', 'Case'],
  // Reached only through other subgraphs (no root field here returns them).
  orphanedTypes: [ChatRoomRef, HandleRef, JuvenileRecordRef],
  references: {
    Person: resolvePersonReference,
    Case: resolveCaseReference,
    ChatRoom: representationItself,
    Handle: representationItself,
    JuvenileRecord: representationItself,
  },
  entities: [Agency, Person, DrugRing, Case, CaseSuspect, Seizure, Lab, Arrest],
  migrations: [
    Initial1764300000000,
    Dissemination1764300400000,
    MinorsIdentity1764300610000,
    CaseNumberPerAgency1764300700000,
    NationalIdAsEachCallerSees1764300750000,
    DatabaseContext1764310000000,
    PersonMatches1764310100000,
  ],
  createLoaders,
  seed: seedNarcotics,
});
