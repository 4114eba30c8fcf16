/** Relay connection types of this subgraph's lists (declared once each: names are global). */
import { ConnectionType } from '../../kit/index.js';

import { ChatRoom } from './chat-room.entity.js';
import { Observation } from './observation.entity.js';

export const ChatRoomConnection = ConnectionType('ChatRoom', ChatRoom);
export const ObservationConnection = ConnectionType('Observation', Observation);
