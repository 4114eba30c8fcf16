/*
 * A walk over the committed supergraph: every field that holds personal data (names, ids,
 * dates of birth, guardians, contacts, schools, evidence) must carry an access rule, on
 * itself or on its type. A new field like that without a rule fails the build here.
 */
import { readFileSync } from 'node:fs';

import { isObjectType } from 'graphql';

import { SUPERGRAPH_PATH } from '../platform/paths.js';

import { loadSupergraph } from './support/access-matrix.js';

const PERSONAL_DATA =
  /^(fullName|nationalId|dateOfBirth|guardian\w*|contact|school|evidence\w*|reportingOfficer)$/;

it('every field holding personal data carries an access rule', () => {
  const { index, api } = loadSupergraph();
  const unprotected: string[] = [];
  for (const type of Object.values(api.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (PERSONAL_DATA.test(field.name) && !index.has(coordinate) && !index.has(type.name)) {
        unprotected.push(coordinate);
      }
    }
  }
  expect(unprotected).toEqual([]);
});

it('finds personal data to check (the walk is not vacuous)', () => {
  const sdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  expect(sdl).toMatch(/nationalId/);
  expect(sdl).toMatch(/guardianName/);
});
