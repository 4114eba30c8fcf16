/* The layers of shared/STYLE.md are enforced by lint: a wrong import fails `npm run lint`. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..');

/**
 * Lints each (file, import) with the project's own ESLint configuration, in one Node process
 * of its own (ESLint loads its ESM configuration, which jest's module system cannot).
 */
async function lint(cases: readonly (readonly [string, string])[]): Promise<string[][]> {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: process.argv[1] });
    const out = [];
    for (const [file, specifier] of JSON.parse(process.argv[2])) {
      const code = "import * as imported from '" + specifier + "';\\n\\nexport const value = imported;\\n";
      const [result] = await eslint.lintText(code, { filePath: process.argv[1] + '/' + file });
      out.push(result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script, root, JSON.stringify(cases)],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as string[][];
}

const WRONG = [
  ['schema/bad.ts', '../platform/config.js'],
  ['platform/bad.ts', '../hub/start.js'],
  ['platform/bad.ts', '../subgraphs/kit/index.js'],
  ['subgraphs/kit/bad.ts', '../narcotics/index.js'],
  ['subgraphs/cyber/bad.ts', '../narcotics/rules.js'],
  ['subgraphs/cyber/bad.ts', '../../gateway/gateway.js'],
  ['subgraphs/juvenile/bad.ts', '../../platform/config.js'],
  ['gateway/bad.ts', '../subgraphs/kit/index.js'],
  ['tools/bad.ts', '../gateway/gateway.js'],
  ['bin/bad.ts', '../gateway/gateway.js'],
  ['bench/bad.ts', '../test/support/hub.js'],
] as const;

const RIGHT = [
  ['platform/bad.ts', '../schema/access.js'],
  ['subgraphs/kit/bad.ts', '../../platform/http.js'],
  ['subgraphs/cyber/bad.ts', '../kit/index.js'],
  ['subgraphs/cyber/bad.ts', '../../schema/intel-item.js'],
  ['gateway/bad.ts', '../platform/http.js'],
  ['tools/bad.ts', '../schema/intel-item.js'],
  ['hub/bad.ts', '../subgraphs/narcotics/index.js'],
  ['bin/bad.ts', '../hub/start.js'],
] as const;

it('fails every import that runs against the layers, and passes those along them', async () => {
  const results = await lint([...WRONG, ...RIGHT]);
  const wrong = results.slice(0, WRONG.length);
  const right = results.slice(WRONG.length);
  expect(WRONG.filter((_, i) => wrong[i]?.length !== 1)).toEqual([]);
  expect(RIGHT.filter((_, i) => right[i]?.length !== 0)).toEqual([]);
}, 60_000);
