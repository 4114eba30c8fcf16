import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

/**
 * The layers of shared/STYLE.md, enforced: schema ← platform ← kit ← subgraphs;
 * schema ← platform ← gateway; hub → everything; tools → schema, platform; bin → hub, tools.
 * Subgraphs never import each other, the gateway never imports a subgraph or the kit.
 */
const SUBGRAPHS = ['narcotics', 'cyber', 'juvenile', 'audit'];
const ABOVE_ALL = ['./bench', './test'];
const LAYER_ZONES = [
  {
    target: './schema',
    from: ['./platform', './gateway', './subgraphs', './hub', './tools', './bin', ...ABOVE_ALL],
    message: 'schema/ is the contract: it depends on nothing of the hub',
  },
  {
    target: './platform',
    from: ['./gateway', './subgraphs', './hub', './tools', './bin', ...ABOVE_ALL],
    message: 'platform/ is infrastructure: it imports schema/ and libraries only',
  },
  {
    target: './subgraphs/kit',
    from: ['./subgraphs', './gateway', './hub', './tools', './bin', ...ABOVE_ALL],
    except: ['./kit'],
    message: 'the kit imports schema/ and platform/ only',
  },
  ...SUBGRAPHS.map((name) => ({
    target: `./subgraphs/${name}`,
    from: ['./subgraphs', './platform', './gateway', './hub', './tools', './bin', ...ABOVE_ALL],
    except: [`./${name}`, './kit'],
    message:
      'a subgraph imports subgraphs/kit and schema/ only; links between subgraphs are entity keys',
  })),
  {
    target: './gateway',
    from: ['./subgraphs', './hub', './tools', './bin', ...ABOVE_ALL],
    message: 'the gateway imports schema/ and platform/ only: never a subgraph or the kit',
  },
  {
    target: './tools',
    from: ['./gateway', './subgraphs', './hub', './bin', ...ABOVE_ALL],
    message: 'tools/ are clients: schema/, platform/ and HTTP or SQL only',
  },
  { target: './hub', from: ['./bin', ...ABOVE_ALL], message: 'hub/ is imported by bin/ only' },
  {
    target: './bin',
    from: ['./gateway', './subgraphs', ...ABOVE_ALL],
    message: 'bin/ calls into hub/ and tools/',
  },
  { target: './bench', from: ['./test'], message: 'benchmarks import no test support' },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.hub/**', '.scratch/**', 'coverage/**', 'bin/hub.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { import: importPlugin },
    // Resolves `./x.js` to `./x.ts` as TypeScript does, so path rules see every import.
    settings: { 'import/resolver': { typescript: { project: './tsconfig.json' } } },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
      'import/no-default-export': 'error',
      'import/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'import/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: LAYER_ZONES },
      ],
    },
  },
  {
    // Tests beside the code reach for test support and the composition root.
    files: ['**/*.test.ts'],
    rules: { 'import/no-restricted-paths': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        AbortSignal: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'import/no-default-export': 'off' },
  },
);
