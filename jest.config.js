/** One jest run over every package; TypeScript is transpiled by swc, type-checked by `pnpm typecheck`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/config', '<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts', '**/test/integration/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/test/src/jest-setup.ts'],
};
