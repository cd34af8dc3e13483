/** Unit specs sit beside the code; integration, scenario and fault tests under tests/. */
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const common = { transform, testEnvironment: 'node', rootDir: __dirname };

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
