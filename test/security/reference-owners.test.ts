/*
 * A walk over the committed supergraph (DESIGN §6, references across subgraphs): every field
 * that returns a Case, Person or JuvenileRecord is resolved by the subgraph that owns it (so its
 * row-level rules decide), and every field another subgraph adds to Case `@requires` the
 * narcotics verdict. A field added later that breaks either fails here.
 */
import { readFileSync } from 'node:fs';

import { SUPERGRAPH_PATH } from '../../platform/paths.js';
import {
  crossSubgraphRecordFields,
  referenceRuleViolations,
  resolvedFields,
} from '../support/reference-fields.js';

const supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');

it('resolves every reference to a Case, Person or JuvenileRecord in the subgraph that owns it', () => {
  expect(referenceRuleViolations(resolvedFields(supergraph))).toEqual([]);
});

it('finds the references other subgraphs hold and the fields they add (the walk is not vacuous)', () => {
  const found = crossSubgraphRecordFields(resolvedFields(supergraph)).map((f) => [
    f.coordinate,
    f.graphs.join(' '),
  ]);
  expect(found).toEqual(
    expect.arrayContaining([
      ['Case.chatRooms', 'CYBER'],
      ['Case.juvenileRecords', 'JUVENILE'],
      ['ChatRoom.linkedCases', 'NARCOTICS'],
      ['Handle.person', 'NARCOTICS'],
      ['JuvenileRecord.person', 'NARCOTICS'],
      ['JuvenileRecord.case', 'NARCOTICS'],
      ['Person.handles', 'CYBER'],
    ]),
  );
});

it.each([
  [
    'a holder resolving the reference itself',
    /linkedCases: \[Case!\]! @join__field\(graph: NARCOTICS, requires: "linkedCaseIds"\)/,
    'linkedCases: [Case!]! @join__field(graph: CYBER)',
    'ChatRoom.linkedCases returns Case but CYBER resolves it',
  ],
  [
    'a field added to Case without the verdict',
    /chatRooms: \[ChatRoom!\]! @join__field\(graph: CYBER, requires: "restricted"\)/,
    'chatRooms: [ChatRoom!]! @join__field(graph: CYBER)',
    'Case.chatRooms is added by CYBER without @requires "restricted"',
  ],
])('fails on %s', (_label, pattern, replacement, problem) => {
  expect(supergraph).toMatch(pattern);
  const broken = supergraph.replace(pattern, replacement);
  expect(referenceRuleViolations(resolvedFields(broken))).toEqual([problem]);
});
