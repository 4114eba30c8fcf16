/**
 * Two kinds of test, told apart by suffix:
 * - `*.test.ts`: unit tests — no database, no server; run first, in a second or two;
 * - `*.e2e.test.ts`: against a real PostgreSQL (test/global-setup.mjs provides one: embedded
 *   unless DATABASE_URL is set) and real HTTP servers.
 * `npm test` runs both; `npx jest --selectProjects unit` runs the first alone.
 */
// cookie: light-my-request's (fastify's inject, which the console's export pages through).
const ESM_PACKAGES = ['jose', 'p-retry', 'p-limit', 'is-network-error', 'yocto-queue', 'cookie'];

const shared = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/test',
    '<rootDir>/gateway',
    '<rootDir>/subgraphs',
    '<rootDir>/schema',
    '<rootDir>/platform',
    '<rootDir>/hub',
    '<rootDir>/tools',
  ],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // ESM-only packages: jest (before Node 24.9) cannot require() them, so they are transpiled.
    [`^.+/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: 'tsconfig.test.json' },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.e2e\\.test\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
    },
  ],
};
