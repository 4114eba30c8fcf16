/* Whatever a command throws, `hub` prints what went wrong: never `hub: undefined`. */
import { describeError } from '../bin/commands/common.js';

it('names message, code and cause; AggregateError lists its errors; nothing is undefined', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), {
    code: 'ECONNREFUSED',
  });
  expect(describeError(new AggregateError([refused, refused], ''))).toBe(
    'connect ECONNREFUSED 127.0.0.1:5433',
  );
  expect(describeError(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe(
    'fetch failed: bad port',
  );
  expect(describeError(Object.assign(new Error(''), { code: 'EACCES' }))).toBe('Error (EACCES)');
  expect(describeError(undefined)).toBe('failed without saying why (no error was given)');
  expect(describeError({ reason: 'x' })).toBe('{"reason":"x"}');
  expect(describeError('plain')).toBe('plain');
});
