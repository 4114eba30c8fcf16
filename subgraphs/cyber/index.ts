/**
 * The cyber division's subgraph: chat rooms, handles, introductions, observations, intel push.
 * Record-level rules (source namespaces, references, what a case shows) live in rules.ts.
 */
import 'reflect-metadata';

import { defineSubgraph } from '../kit/index.js';

import { ChatRoom } from './entities/chat-room.entity.js';
import { Handle } from './entities/handle.entity.js';
import { Introduction } from './entities/introduction.entity.js';
import { Observation } from './entities/observation.entity.js';
import { Platform } from './entities/platform.entity.js';
import { CaseRef, PersonRef } from './entities/references.type.js';
import { RoomCaseLink } from './entities/room-case-link.entity.js';
import { createLoaders } from './loaders.js';
import { Initial1764300100000 } from './migrations/1764300100000-initial.js';
import { SourceNamespaces1764300710000 } from './migrations/1764300710000-source-namespaces.js';
import { DatabaseContext1764310000000 } from './migrations/1764310000000-database-context.js';
import { CaseRoomsResolver } from './resolvers/case.resolver.js';
import { resolveHandleReference } from './resolvers/handle.reference.js';
import { HandleResolver } from './resolvers/handle.resolver.js';
import { IntroductionResolver } from './resolvers/introduction.resolver.js';
import { ObservationResolver } from './resolvers/observation.resolver.js';
import { PersonHandlesResolver } from './resolvers/person.resolver.js';
import { PushResolver } from './resolvers/push.resolver.js';
import { resolveChatRoomReference } from './resolvers/room.reference.js';
import { RoomResolver } from './resolvers/room.resolver.js';
import { seedCyber } from './seed/index.js';

export const cyberSubgraph = defineSubgraph({
  name: 'cyber',
  resolvers: [
    RoomResolver,
    HandleResolver,
    IntroductionResolver,
    ObservationResolver,
    PersonHandlesResolver,
    CaseRoomsResolver,
    PushResolver,
  ],
  // Reached only through other subgraphs (no root field here returns them).
  orphanedTypes: [PersonRef, CaseRef],
  references: {
    ChatRoom: resolveChatRoomReference,
    Handle: resolveHandleReference,
  },
  sensitiveTypes: ['ChatRoom', 'Handle'],
  entities: [Platform, ChatRoom, Handle, Introduction, Observation, RoomCaseLink],
  migrations: [Initial1764300100000, SourceNamespaces1764300710000, DatabaseContext1764310000000],
  createLoaders,
  seed: seedCyber,
});
