/** Layer rules (docs/architecture.md, Layers): handlers -> services -> ports <- adapters; domain and contract free of I/O;
 *  the web imports only the shared contract, and inside it app -> features -> shared. `npm test` runs this. */
const io = '^(node:)?(fs|net|http|https|child_process|dgram|tls|dns)$|^(pg|@electric-sql|@aws-sdk|ws|sharp)';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'contract-only-zod',
      comment: 'The contract is shared with the browser: it may import only zod and itself.',
      severity: 'error',
      from: { path: '^functions/src/contract' },
      to: { pathNot: ['^functions/src/contract', 'zod'] },
    },
    {
      name: 'domain-pure',
      comment: 'Domain rules are pure: no I/O, no adapters, services or handlers.',
      severity: 'error',
      from: { path: '^functions/src/domain' },
      to: { path: [io, '^functions/src/(adapters|services|handlers|runtime|ports)'] },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      from: { path: '^functions/src/ports' },
      to: { path: [io, '^functions/src/(adapters|services|handlers|runtime)'] },
    },
    {
      name: 'services-use-ports',
      comment:
        'Services get adapters injected through ports; they never import adapters, handlers or runtimes.',
      severity: 'error',
      from: { path: '^functions/src/services' },
      to: { path: [io, '^functions/src/(adapters|handlers|runtime)'] },
    },
    {
      name: 'adapters-implement-ports',
      comment: 'Adapters implement ports; they do not call services or handlers.',
      severity: 'error',
      from: { path: '^functions/src/adapters' },
      to: { path: '^functions/src/(services|handlers|runtime)' },
    },
    {
      name: 'handlers-no-adapters',
      comment: "Handlers call services; wiring adapters is the runtime's job.",
      severity: 'error',
      from: { path: '^functions/src/handlers' },
      to: { path: '^functions/src/(adapters|runtime)' },
    },
    {
      name: 'web-no-cross-feature',
      comment:
        'A feature is self-contained: it never imports another feature. Shared code goes to components, hooks, lib or config; the app composes features.',
      severity: 'error',
      from: { path: '^web/src/features/([^/]+)/' },
      to: { path: '^web/src/features/', pathNot: '^web/src/features/$1/' },
    },
    {
      name: 'web-features-not-app',
      comment:
        'The SPA flows app -> features -> shared: features do not import routes, layouts or providers.',
      severity: 'error',
      from: { path: '^web/src/features/' },
      to: { path: '^web/src/app/' },
    },
    {
      name: 'web-shared-not-features-or-app',
      comment:
        'Shared code (components, hooks, lib, config) is used by features and the app, never the other way.',
      severity: 'error',
      from: { path: '^web/src/(components|hooks|lib|config)/' },
      to: { path: '^web/src/(features|app)/' },
    },
    {
      name: 'web-only-contract',
      comment: 'The SPA imports server code only through the contract.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^functions/', pathNot: '^functions/src/contract' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist', 'cdk.out'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
