/** Relay connection types of this subgraph's lists (declared once each: names are global). */
import { ConnectionType } from '../../kit/index.js';

import { JuvenileRecord } from './juvenile-record.entity.js';

export const JuvenileRecordConnection = ConnectionType('JuvenileRecord', JuvenileRecord);
