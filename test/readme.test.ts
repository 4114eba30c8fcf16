/*
 * The README's access table is what `hub policy --markdown` prints from the committed
 * supergraph: readers take it as the rule, so a stale copy would mislead them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SUPERGRAPH_PATH } from '../platform/paths.js';
import { supergraphRules } from '../schema/supergraph-rules.js';
import { policyMarkdown } from '../tools/policy-report.js';

/** Table rows with the padding prettier adds taken out. */
function rows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.replace(/\s+/g, ' ').replace(/ ?\| ?/g, '|'));
}

it('shows the access table the supergraph declares', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- access-table:start -->');
  const end = readme.indexOf('<!-- access-table:end -->');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const { index } = supergraphRules(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const expected = rows(policyMarkdown(index));
  expect(expected.length).toBeGreaterThan(20);
  expect(rows(readme.slice(start, end))).toEqual(expected);
});
