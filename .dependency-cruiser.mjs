/**
 * Conveyor's house rules for imports, checked by dependency-cruiser in `npm test` (`npm run
 * test:imports`). What each rule is for, and how to run the check: docs/house-rules.md.
 *
 * Paths are relative to the repository root, so `^local/` is the local runtime's folder.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'contract-imports-nothing',
      comment:
        'contract/ holds the names, defaults and limits every layer shares; every layer may import it, ' +
        'so it imports nothing but itself and node built-ins (no npm packages either).',
      severity: 'error',
      from: { path: '^contract/' },
      // (an import that does not resolve is left to not-to-unresolvable)
      to: { pathNot: '^contract/', dependencyTypesNot: ['core'], couldNotResolve: false },
    },
    {
      name: 'functions-only-functions-and-contract',
      comment:
        'The Lambda functions are bundled on their own: they import functions/, contract/, node built-ins ' +
        'and npm packages, never the infrastructure, the runtime, the CLI or tests.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { pathNot: ['^(functions|contract)/', '(^|/)node_modules/'], dependencyTypesNot: ['core'], couldNotResolve: false },
    },
    {
      name: 'handlers-only-the-handler-api',
      comment:
        'A project\'s message-type modules (handlers/) are bundled into the functions by generated entries: ' +
        'they import the handler API (functions/handler-api), each other, node built-ins and npm packages, ' +
        'never the engine\'s internals, the infrastructure, the runtime, the CLI or tests.',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { pathNot: ['^handlers/', '^functions/handler-api/', '(^|/)node_modules/'], dependencyTypesNot: ['core'], couldNotResolve: false },
    },
    {
      name: 'engine-not-to-handlers',
      comment: 'The engine names no type: only the generated entries (under .conveyor/) import handlers/.',
      severity: 'error',
      from: { path: '^(functions|infra|local|ops|cli)/' },
      to: { path: '^handlers/' },
    },
    {
      name: 'local-not-to-functions-or-infra',
      comment:
        'The local runtime reads cdk.out (the template and the bundles) and runs the bundles; it never ' +
        'imports handler internals or the CDK app.',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'ops-not-to-local',
      comment:
        'Decided direction: local/ may import ops/ (the runtime dashboard reuses the DLQ and load code); ' +
        'ops/ never imports local/. It talks to a running runtime over HTTP and the AWS SDK as to AWS, ' +
        'so the two stay separable and cannot form a cycle.',
      severity: 'error',
      from: { path: '^ops/' },
      to: { path: '^local/' },
    },
    {
      name: 'local-not-to-cli',
      comment:
        'cli/ is the shell over every layer: it may import local/ (conveyor start runs the runtime) and ' +
        'ops/; local/ never imports cli/ back.',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^cli/' },
    },
    {
      name: 'ops-and-cli-not-to-infra-or-functions',
      comment:
        'The operator tooling works against a deployed stack or a running runtime: it never imports the ' +
        'CDK app or the functions (shared names and limits come from contract/). test/: see not-to-test.',
      severity: 'error',
      from: { path: '^(ops|cli)/' },
      to: { path: '^(infra|functions)/' },
    },
    {
      name: 'ops-not-to-cli',
      comment: 'cli/ is the shell over ops/; ops/ never imports it back.',
      severity: 'error',
      from: { path: '^ops/' },
      to: { path: '^cli/' },
    },
    {
      name: 'infra-not-to-other-layers',
      comment:
        'The CDK app refers to handlers by entry path only; it never imports functions/ (contract/ is ' +
        'its own folder and allowed), the runtime, ops/ or the CLI.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(functions|local|ops|cli)/' },
    },
    {
      name: 'not-to-test',
      comment:
        'Only tests import test/ (its helpers and fixtures): bench/, scripts/, reference/ and every ' +
        'other layer stand on their own.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only imports included: a cycle hides which module owns what, and in ' +
        'ESM an evaluation-order bug waits in it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports and that imports nothing is dead code, or an entry point loaded by ' +
        'path: delete it, or name it here.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$', // dotfiles: tool configs such as this one
          '\\.d\\.ts$', // ambient declarations
          '^bin/[^/]+\\.mjs$', // the `conveyor` bin, loaded by npm
          '^local/dashboard/assets/[^/]+\\.js$', // served to the browser by the runtime's dashboard
          '^bench/cold-start/empty-handler\\.mjs$', // bundled by path as the cold-start baseline
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'An npm package that package.json does not list works only by accident (hoisting) until it does not.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    // Type-only imports count: a cycle or a forbidden import made only of types still fails.
    tsPreCompilationDeps: true,
    // The project's TypeScript is 7.0 (the native compiler), whose API dependency-cruiser cannot use,
    // so swc parses the sources instead; it keeps type-only imports (`import type`, `type` specifiers)
    // in the graph as the tsc parser does with the option above. test/imports/import-rules.test.ts
    // checks that a cycle of `import type` is found.
    parser: 'swc',
    moduleSystems: ['es6', 'cjs'],
    doNotFollow: { path: '(^|/)node_modules/' },
    // Generated or local-only folders (see .gitignore): synthesized cloud assemblies and their
    // bundles, runtime state, scratch space, coverage.
    exclude: { path: '(^|/)(\\.git|cdk\\.out[^/]*|\\.conveyor[^/]*|\\.scratch|coverage)/' },
    enhancedResolveOptions: {
      // Resolve package subpaths (`@aws-lambda-powertools/logger/middleware`) through `exports`.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
