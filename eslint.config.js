// Lint: TypeScript rules, plus the one architectural rule STYLE.md asks to enforce with a tool:
// domain code in libs/ imports neither Nest nor an I/O client.
const tseslint = require('typescript-eslint');

const IO_CLIENTS = ['nats', 'ioredis', '@clickhouse/client', 'chdb', 'express'];
// Libraries that wrap I/O clients or Nest: reaching them from domain code is the same leak.
const INFRASTRUCTURE_LIBS = ['@hourglass/access', '@hourglass/kernel', '@hourglass/clickhouse', '@hourglass/nats', '@hourglass/redis', '@hourglass/observability', '@hourglass/platform'];
const MESSAGE = 'domain code stays free of Nest and I/O clients: put this in an adapter, a module or a controller (STYLE.md)';

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/**/src/**/*.ts'],
    ignores: [
      // Infrastructure libraries and the edges of every library may do I/O and wire Nest.
      'libs/kernel/**',
      'libs/clickhouse/**',
      'libs/nats/**',
      'libs/redis/**',
      'libs/observability/**',
      'libs/platform/**',
      'libs/**/adapters/**',
      'libs/**/*.module.ts',
      'libs/**/*.manifest.ts',
      'libs/**/*.controller.ts',
      'libs/**/*-consumer.ts',
      'libs/**/*.job.ts',
      'libs/**/*.repository.ts',
      'libs/**/*.spec.ts',
      // The HTTP edge: guards, interceptors, decorators and DTO classes are Nest by nature.
      'libs/**/*.dto.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_CLIENTS.map((name) => ({ name, message: MESSAGE })),
          patterns: [{ group: ['@nestjs/*', 'chdb/*', ...INFRASTRUCTURE_LIBS], message: MESSAGE }],
        },
      ],
    },
  },
);
