/* A null the gateway's result completion caused must come with an entry in `errors`. */
import { GraphQLError } from 'graphql';

import { surfaceValueCompletion } from './value-completion.js';

describe('surfaceValueCompletion', () => {
  it('moves value-completion errors into errors, keeping other extensions', () => {
    const completion = new GraphQLError('Cannot return null for non-nullable field Case.title.', {
      path: ['chatRoom', 'linkedCases', 0, 'title'],
    });
    const result = surfaceValueCompletion({
      data: { chatRoom: null },
      extensions: { valueCompletion: [completion], other: 1 },
    });
    expect(result.errors).toEqual([completion]);
    expect(result.extensions).toEqual({ other: 1 });
    expect(result.data).toEqual({ chatRoom: null });
  });

  it('appends to errors already there and drops an emptied extensions object', () => {
    const first = new GraphQLError('fetch failed');
    const completion = new GraphQLError('Cannot return null for non-nullable field X.y.');
    const result = surfaceValueCompletion({
      data: null,
      errors: [first],
      extensions: { valueCompletion: [completion] },
    });
    expect(result.errors).toEqual([first, completion]);
    expect(result.extensions).toBeUndefined();
  });

  it('leaves a result without value-completion errors untouched', () => {
    const plain = { data: { a: 1 } };
    expect(surfaceValueCompletion(plain)).toBe(plain);
    const empty = { data: { a: 1 }, extensions: { valueCompletion: [] } };
    expect(surfaceValueCompletion(empty)).toBe(empty);
  });
});
