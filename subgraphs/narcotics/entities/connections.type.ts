/** Relay connection types of this subgraph's lists (declared once each: names are global). */
import { ConnectionType } from '../../kit/index.js';

import { Case } from './case.entity.js';
import { DrugRing } from './drug-ring.entity.js';
import { Lab } from './lab.entity.js';
import { Person } from './person.entity.js';

export const CaseConnection = ConnectionType('Case', Case);
export const PersonConnection = ConnectionType('Person', Person);
export const DrugRingConnection = ConnectionType('DrugRing', DrugRing);
export const LabConnection = ConnectionType('Lab', Lab);
