/**
 * Module boundaries. Libraries are packages named @hourglass/<name>, reached only through their
 * index; dependencies point apps → feature libraries → kernel → contracts and money; no app imports
 * another; no cycles. `npm run lint` runs this, so a crossing fails the build.
 */
// Pure and at the bottom: shapes and ports (contracts), decimal money, calendar time (Period, Span).
const FOUNDATION = '^libs/(contracts|money|time)/';
const INFRASTRUCTURE = '^libs/(kernel|clickhouse|nats|redis|observability|config|platform|access)/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'a cycle makes load order decide what is undefined', from: {}, to: { circular: true } },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment: 'apps compose libraries; shared code belongs in a library',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps-tests-or-bench',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|tests|bench)/' },
    },
    {
      name: 'only-through-the-index',
      severity: 'error',
      comment: "import another library as @hourglass/<name>: its index is its public surface",
      from: { path: '^(libs|apps)/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'tests-through-the-index',
      severity: 'error',
      comment: "a library's contract suites (*.contract.ts) are the one exception: integration tests run them against the real adapters",
      from: { path: '^(tests|bench)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/.+\\.contract\\.ts$'] },
    },
    {
      name: 'foundation-stays-at-the-bottom',
      severity: 'error',
      comment: 'contracts, money and time are pure: they import nothing but each other',
      from: { path: FOUNDATION },
      to: { path: '^libs/', pathNot: [FOUNDATION] },
    },
    {
      name: 'infrastructure-knows-no-features',
      severity: 'error',
      comment: 'the kernel and infrastructure libraries serve features and never depend on one',
      from: { path: INFRASTRUCTURE },
      to: { path: '^libs/', pathNot: [INFRASTRUCTURE, FOUNDATION] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
