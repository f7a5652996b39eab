/**
 * Module-graph rules over packages/*\/src, checked by test/cycles.test.ts (and `npm run deps`). Which package may
 * depend on which is test/meta.test.ts's table; these rules see every file, across packages too (imports of
 * `@ccf/*` resolve to src/ through the `source` condition).
 * @type {import('dependency-cruiser').IConfiguration}
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns what: move the shared code into a module both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-command-imports-command',
      severity: 'error',
      comment: 'A CLI command imports shared CLI modules (packages/cli/src/*.ts), never another command.',
      from: { path: '^packages/cli/src/commands/([^/]+)\\.ts$' },
      to: { path: '^packages/cli/src/commands/', pathNot: '^packages/cli/src/commands/$1\\.ts$' },
    },
  ],
  options: {
    // Only our own source: what node_modules does is not ours to check.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|dist-check)/' },
    // Type-only imports count: a cycle of types tangles modules as much as one of values.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
