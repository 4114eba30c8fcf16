/** Relay connection types of this subgraph's lists (declared once each: names are global). */
import { ConnectionType } from '../../kit/index.js';

import { AccessLogEntry } from './access-log-entry.entity.js';

export const AccessLogConnection = ConnectionType('AccessLog', AccessLogEntry);
