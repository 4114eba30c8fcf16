/* The seeds' room–case links reach many cases, and the demo's stay as they were. */
import { syntheticIntel } from './synthetic.js';

import { SEED_PROFILES } from './index.js';

function linkedCases(profile: keyof typeof SEED_PROFILES): string[] {
  return [...syntheticIntel(SEED_PROFILES[profile])].flatMap((item) =>
    item.kind === 'CASE_LINK' ? [(item.caseLink as { caseId: string }).caseId] : [],
  );
}

it('article: about 300 links, each rooms’ link to a case of its own (not 12 cases)', () => {
  const links = linkedCases('article');
  expect(links.length).toBeGreaterThan(300);
  expect(new Set(links).size).toBeGreaterThanOrEqual(300);
  expect(links.every((id) => Number(id) >= 1 && Number(id) <= 2400)).toBe(true);
});

it('demo: case 1 and eleven other demo cases, as before', () => {
  expect(linkedCases('demo')).toEqual([
    '1',
    '1',
    ...[6, 11, 16, 21, 26, 31, 36, 41, 46, 51, 56].map(String),
  ]);
});
