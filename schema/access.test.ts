/* The x-purpose grammar: what a reference may be, so an auditor can always read it back. */
import { parsePurpose } from './access.js';

describe('parsePurpose', () => {
  it.each([
    ['INVESTIGATION', { code: 'INVESTIGATION' }],
    ['  AUDIT\t', { code: 'AUDIT' }],
    [
      'JUDICIAL:(2026) Gan 01 Xing Chu 123',
      { code: 'JUDICIAL', reference: '(2026) Gan 01 Xing Chu 123' },
    ],
    ['PROSECUTION:GS-2026-0017', { code: 'PROSECUTION', reference: 'GS-2026-0017' }],
  ])('accepts %j', (raw, expected) => {
    expect(parsePurpose(raw)).toEqual(expected);
  });

  it.each([
    ['a C1 control as the reference', 'JUDICIAL:\x85'],
    ['a zero-width space as the reference', 'JUDICIAL:\u200b'],
    ['a NUL in the reference', 'JUDICIAL:ab\u0000c'],
    ['a reference of punctuation only', 'JUDICIAL:---'],
    ['an empty reference', 'JUDICIAL:'],
    ['a blank reference', 'JUDICIAL:   '],
    ['a tab inside the reference', 'JUDICIAL:a\tb'],
    ['non-ASCII letters', 'JUDICIAL:Ａ１'],
    ['a lowercase purpose', 'judicial:x'],
    ['an unknown purpose', 'CURIOSITY'],
    ['a list of purposes', 'INVESTIGATION, JUDICIAL:x'],
    ['a reference over 200 characters', `JUDICIAL:${'x'.repeat(201)}`],
  ])('refuses %s', (_name, raw) => {
    expect(parsePurpose(raw)).toHaveProperty('error');
  });
});
