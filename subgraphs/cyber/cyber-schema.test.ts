/* The cyber subgraph's schema: the public contract's names, and an access rule on everything protected. */
import { isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';

import { accessRuleOf } from '../../schema/access-directives.js';
import { buildSubgraph } from '../kit/index.js';

import { cyberSubgraph } from './index.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  ({ schema } = await buildSubgraph(cyberSubgraph));
});

function fieldsOf(type: string): Record<string, GraphQLField<unknown, unknown>> {
  const found = schema.getType(type);
  if (!isObjectType(found)) {
    throw new Error(`${type} is not an object type`);
  }
  return found.getFields();
}

const scopesOf = (node: { astNode?: { directives?: readonly never[] } | null }) =>
  accessRuleOf(node.astNode?.directives)?.scopes;

describe('the public contract (DESIGN §11)', () => {
  it.each([
    [
      'ChatRoom',
      [
        'id',
        'platform',
        'externalRoomId',
        'title',
        'city',
        'capacity',
        'memberCount',
        'activeFrom',
        'activeTo',
        'inviteOnly',
        'handles',
        'observations',
        'pushedBy',
      ],
    ],
    ['Handle', ['id', 'handle', 'room', 'introducedBy', 'introduced', 'pushedBy']],
    ['Introduction', ['introducer', 'newcomer', 'room', 'at', 'depth', 'direction']],
    ['Observation', ['room', 'at', 'kind', 'summary', 'evidenceHash', 'reportingOfficer']],
    ['PushResult', ['accepted', 'duplicates', 'rejected', 'errors']],
    ['PushError', ['index', 'code', 'message']],
    ['Person', ['id', 'handles']],
    ['Case', ['id', 'chatRooms']],
    [
      'Query',
      [
        'chatRoom',
        'chatRooms',
        'handle',
        'introductionChain',
        'roomObservations',
        'roomActivityByHour',
      ],
    ],
    ['Mutation', ['pushRoomIntel']],
  ])('%s has %j', (type, fields) => {
    expect(Object.keys(fieldsOf(type))).toEqual(expect.arrayContaining(fields));
  });

  it('leaves the references it holds to their owners: ids for the planner only', async () => {
    // ChatRoom.linkedCases and Handle.person are the narcotics subgraph's (test/security).
    expect(fieldsOf('ChatRoom').linkedCases).toBeUndefined();
    expect(fieldsOf('Handle').person).toBeUndefined();
    const { sdl } = await buildSubgraph(cyberSubgraph);
    expect(sdl).toMatch(/linkedCaseIds: \[ID!\]! @inaccessible/);
    expect(sdl).toMatch(/personIdRef: ID @inaccessible/);
    expect(sdl).toMatch(/chatRooms: \[ChatRoom!\]! @requires\(fields: "restricted"\)/);
    expect(sdl).toMatch(/restricted: Boolean! @external/);
  });

  it('keys ChatRoom and Handle by id', async () => {
    const { sdl } = await buildSubgraph(cyberSubgraph);
    for (const type of ['ChatRoom', 'Handle', 'Person', 'Case']) {
      expect(sdl).toMatch(new RegExp(`type ${type} @key\\(fields: "id"\\)`));
    }
  });
});

describe('access rules', () => {
  it('guards every query with cyber:read and the push with cyber:write', () => {
    for (const [name, field] of Object.entries(fieldsOf('Query'))) {
      if (name.startsWith('_')) {
        continue;
      }
      expect([name, scopesOf(field as never)]).toEqual([name, [['cyber:read']]]);
    }
    expect(scopesOf(fieldsOf('Mutation').pushRoomIntel as never)).toEqual([['cyber:write']]);
  });

  it('guards rooms, handles and the sensitive fields wherever they are reached', () => {
    for (const type of ['ChatRoom', 'Handle']) {
      expect(scopesOf(schema.getType(type) as never)).toEqual([['cyber:read']]);
    }
    for (const [type, field] of [
      ['Observation', 'evidenceHash'],
      ['Observation', 'reportingOfficer'],
      ['Person', 'handles'],
      ['Case', 'chatRooms'],
    ] as const) {
      expect([type, field, scopesOf(fieldsOf(type)[field] as never)]).toEqual([
        type,
        field,
        [['cyber:read']],
      ]);
    }
  });
});
