/*
 * A walk over the committed supergraph: every field that holds personal data (names, ids,
 * dates of birth, guardians, contacts, schools, evidence) must carry an access rule, on
 * itself or on its type. A new field like that without a rule fails the build here.
 */
import { readFileSync } from 'node:fs';

import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  type GraphQLObjectType,
} from 'graphql';

import { SUPERGRAPH_PATH } from '../platform/paths.js';
import { listSizes } from '../schema/list-sizes.js';

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

describe('every list declares its size for the cost estimate', () => {
  const sizes = listSizes(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')));
  const { api } = loadSupergraph();
  const fields = Object.values(api.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values((type as GraphQLObjectType).getFields()).map((field) => ({ type, field })),
    );

  it('sizes each list by @listSize, or by the slicing argument of every field returning it', () => {
    const unsized: string[] = [];
    for (const { type, field } of fields) {
      if (!isListType(getNullableType(field.type)) || sizes.has(`${type.name}.${field.name}`)) {
        continue;
      }
      const parents = fields.filter(({ field: f }) => getNamedType(f.type) === type);
      const sizedByEveryParent =
        parents.length > 0 &&
        parents.every(({ type: t, field: f }) =>
          sizes.get(`${t.name}.${f.name}`)?.sizedFields?.includes(field.name),
        );
      if (!sizedByEveryParent) {
        unsized.push(`${type.name}.${field.name}`);
      }
    }
    expect(unsized).toEqual([]);
  });

  it('gives every slicing argument the default the server applies when it is left out', () => {
    const sliced = fields.flatMap(({ type, field }) =>
      (sizes.get(`${type.name}.${field.name}`)?.slicingArguments ?? []).map((name) => ({
        coordinate: `${type.name}.${field.name}(${name}:)`,
        arg: field.args.find((a) => a.name === name),
      })),
    );
    expect(sliced.length).toBeGreaterThan(5);
    expect(sliced.filter(({ arg }) => typeof arg?.defaultValue !== 'number')).toEqual([]);
  });
});
