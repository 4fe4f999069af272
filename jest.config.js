// Two projects: `unit` needs nothing but Node, `integration` is every test under a
// `test/integration/` folder: those that run against the moto emulator, or run a whole synth
// through an outside tool (the CDK CLI, cfn-lint), which takes seconds a test. `pnpm test` runs
// both, `pnpm test:unit` only the first; there the harness refuses to start moto (test/src/run-env.ts).
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/config', '<rootDir>/packages', '<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/', '/\\.tsbuild/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFiles: ['<rootDir>/test/src/jest-setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/src/jest-after-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Not in the temp directory: `pnpm test` gives each run a temp directory of its own.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['**/test/**/*.test.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/test/integration/'],
    },
    { ...base, displayName: 'integration', testMatch: ['**/test/integration/**/*.test.ts'] },
  ],
};
