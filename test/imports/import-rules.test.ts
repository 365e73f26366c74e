import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type ICruiseOptions, type ICruiseResult, cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * The house rules (`.dependency-cruiser.mjs`, docs/house-rules.md) run against small scratch trees,
 * so a change to the config that stops a rule from firing — or makes one fire where the layers are
 * allowed to meet — fails here. `npm run test:imports` checks the repository itself.
 */

/** Files of a scratch tree, by path from its root. */
type Tree = Readonly<Record<string, string>>;

let options: ICruiseOptions;
const roots: string[] = [];

beforeAll(async () => {
  options = await extractDepcruiseOptions(resolve(import.meta.dirname, '..', '..', '.dependency-cruiser.mjs'));
});

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Writes `tree` to a fresh temporary folder and returns its path. */
function scratchTree(tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), 'conveyor-imports-'));
  roots.push(root);
  for (const [path, source] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

/** The house rules' violations in `tree`, as `rule: from → to`. */
async function violationsIn(tree: Tree): Promise<string[]> {
  const root = scratchTree(tree);
  const { output } = await cruise(['.'], { ...options, baseDir: root });
  const result = output as ICruiseResult;
  return (result.summary.violations ?? []).map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`);
}

/** A module that imports each of `targets` (paths from the tree's root, `.ts`) as our code does: relative, with `.js`. */
function importing(from: string, targets: string | readonly string[], { typeOnly = false } = {}): string {
  const up = '../'.repeat(from.split('/').length - 1) || './';
  const specifiers = (typeof targets === 'string' ? [targets] : targets).map((target) => `${up}${target.replace(/\.ts$/, '.js')}`);
  return specifiers.map((specifier, index) => (typeOnly ? `import type { T as T${index} } from '${specifier}';\n` : `import '${specifier}';\n`)).join('') + LEAF;
}

/** An installed npm package, `left-pad`, that package.json lists. */
const NPM_PACKAGE: Tree = {
  'package.json': JSON.stringify({ dependencies: { 'left-pad': '1.0.0' } }),
  'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0', main: 'index.js' }),
  'node_modules/left-pad/index.js': 'module.exports = 1;\n',
};

/** A module with one export and no imports. */
const LEAF = 'export const x = 1;\nexport type T = number;\n';

describe('import rules', () => {
  it('accept the allowed directions', async () => {
    // Arrange
    const tree: Tree = {
      ...NPM_PACKAGE,
      'contract/index.ts': `import { EOL } from 'node:os';\n${LEAF}`,
      'functions/shared/env.ts': `import 'left-pad';\n${importing('functions/shared/env.ts', 'contract/index.ts')}`,
      'functions/producer/handler.ts': importing('functions/producer/handler.ts', 'functions/shared/env.ts'),
      'ops/dlq.ts': importing('ops/dlq.ts', 'contract/index.ts'),
      'local/admin/dlq-routes.ts': importing('local/admin/dlq-routes.ts', 'ops/dlq.ts'),
      'cli/commands/dlq.ts': importing('cli/commands/dlq.ts', 'ops/dlq.ts'),
      'local/runtime.ts': importing('local/runtime.ts', 'ops/dlq.ts'),
      'cli/commands/start.ts': importing('cli/commands/start.ts', 'local/runtime.ts'),
      'infra/constructs/metrics.ts': importing('infra/constructs/metrics.ts', 'contract/index.ts'),
      'bench/ceiling.ts': importing('bench/ceiling.ts', 'functions/producer/handler.ts'),
      'test/ops/dlq.test.ts': importing('test/ops/dlq.test.ts', 'ops/dlq.ts'),
    };

    // Act
    const violations = await violationsIn(tree);

    // Assert
    expect(violations).toEqual([]);
  });

  describe('layers', () => {
    it.each([
      ['contract-imports-nothing', 'contract/limits.ts', 'functions/shared/env.ts'],
      ['functions-only-functions-and-contract', 'functions/producer/producer.ts', 'ops/send.ts'],
      ['functions-only-functions-and-contract', 'functions/producer/producer.ts', 'tools/anything.ts'],
      ['local-not-to-functions-or-infra', 'local/runtime.ts', 'infra/app.ts'],
      ['local-not-to-functions-or-infra', 'local/runtime.ts', 'functions/shared/env.ts'],
      ['ops-not-to-local', 'ops/dlq.ts', 'local/admin/dlq-routes.ts'],
      ['local-not-to-cli', 'local/runtime.ts', 'cli/parse.ts'],
      ['local-not-to-cli', 'local/cli/start.ts', 'cli/program.ts'],
      ['ops-and-cli-not-to-infra-or-functions', 'cli/commands/synth.ts', 'infra/app.ts'],
      ['ops-and-cli-not-to-infra-or-functions', 'ops/send.ts', 'functions/shared/env.ts'],
      ['not-to-test', 'ops/send.ts', 'test/support/factories.ts'],
      ['ops-not-to-cli', 'ops/send.ts', 'cli/program.ts'],
      ['infra-not-to-other-layers', 'infra/constructs/functions.ts', 'functions/shared/env.ts'],
      ['not-to-test', 'bench/run.ts', 'test/support/factories.ts'],
      ['not-to-test', 'scripts/deploy.ts', 'test/support/factories.ts'],
      ['not-to-test', 'reference/powertools/consumer.ts', 'test/support/factories.ts'],
    ])('%s: %s → %s', async (rule, from, to) => {
      // Arrange
      const tree: Tree = { [from]: importing(from, to), [to]: LEAF };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations).toEqual([`${rule}: ${from} → ${to}`]);
    });

    it('contract-imports-nothing: not even an npm package', async () => {
      // Arrange
      const tree: Tree = { ...NPM_PACKAGE, 'contract/limits.ts': `import 'left-pad';\n${LEAF}`, 'functions/shared/env.ts': importing('functions/shared/env.ts', 'contract/limits.ts') };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations).toEqual(['contract-imports-nothing: contract/limits.ts → node_modules/left-pad/index.js']);
    });

    it('counts a type-only import as an import', async () => {
      // Arrange
      const tree: Tree = { 'local/runtime.ts': importing('local/runtime.ts', 'infra/app.ts', { typeOnly: true }), 'infra/app.ts': LEAF };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations).toEqual(['local-not-to-functions-or-infra: local/runtime.ts → infra/app.ts']);
    });
  });

  describe('no exceptions', () => {
    it('forbid ops/, local/ and infra/ the old home of the shared names, functions/shared/contract.ts', async () => {
      // Arrange
      const tree: Tree = {
        'functions/shared/contract.ts': LEAF,
        'ops/send.ts': importing('ops/send.ts', 'functions/shared/contract.ts'),
        'local/banner.ts': importing('local/banner.ts', 'functions/shared/contract.ts'),
        'infra/constructs/metrics.ts': importing('infra/constructs/metrics.ts', 'functions/shared/contract.ts'),
      };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations.sort()).toEqual([
        'infra-not-to-other-layers: infra/constructs/metrics.ts → functions/shared/contract.ts',
        'local-not-to-functions-or-infra: local/banner.ts → functions/shared/contract.ts',
        'ops-and-cli-not-to-infra-or-functions: ops/send.ts → functions/shared/contract.ts',
      ]);
    });

    it('forbid bench/ the e2e suite\'s helpers: the runtime-process helper lives in local/', async () => {
      // Arrange
      const from = 'bench/support/bench-runtime.ts';
      const tree: Tree = {
        [from]: importing(from, ['local/runtime-process.ts', 'test/e2e/support/embedded-runtime.ts']),
        'local/runtime-process.ts': LEAF,
        'test/e2e/support/embedded-runtime.ts': LEAF,
      };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations).toEqual([`not-to-test: ${from} → test/e2e/support/embedded-runtime.ts`]);
    });
  });

  describe('no-circular', () => {
    it('finds a cycle made of type-only imports', async () => {
      // Arrange
      const tree: Tree = {
        'bench/cost/cost-model.ts': importing('bench/cost/cost-model.ts', 'bench/cost/reference-design.ts', { typeOnly: true }),
        'bench/cost/reference-design.ts': importing('bench/cost/reference-design.ts', 'bench/cost/cost-model.ts', { typeOnly: true }),
      };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations).toEqual(['no-circular: bench/cost/cost-model.ts → bench/cost/reference-design.ts']);
    });
  });

  describe('no-orphans and not-to-unresolvable', () => {
    it('flag a module nothing imports and an import of a file that is not there', async () => {
      // Arrange
      const tree: Tree = { 'ops/unused.ts': LEAF, 'ops/send.ts': importing('ops/send.ts', 'ops/missing.ts') };

      // Act
      const violations = await violationsIn(tree);

      // Assert
      expect(violations.sort()).toEqual(['no-orphans: ops/unused.ts → ops/unused.ts', 'not-to-unresolvable: ops/send.ts → ../ops/missing.js']);
    });
  });
});
