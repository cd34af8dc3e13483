/** Unit specs sit beside the code; integration, scenario and fault tests under tests/. */
const transform = { '^.+\\.ts$': ['@swc/jest'] };
// Libraries are imported as @hourglass/<name>, resolved to their sources as tsconfig's paths do.
const moduleNameMapper = { '^@hourglass/([a-z0-9-]+)$': '<rootDir>/libs/$1/src' };
const common = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  maxWorkers: 2,
  // The embedded ClickHouse engine keeps native threads alive after its connection closes.
  forceExit: true,
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
    },
  ],
};
