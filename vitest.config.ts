import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest leaves one core free by default; on a 2-core CI machine that means one worker, and the
    // tests spend much of their time waiting on the emulators, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Keep Powertools quiet; tests read metrics through spies, not stdout.
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/chaos/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        // The black-box suite: talks to a running Conveyor (the embedded runtime by default, see
        // CONVEYOR_E2E_TARGET) over HTTP and the AWS SDK only. Files run one at a time because
        // some of them read totals and fault rules that the whole runtime shares.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/global-setup.ts'],
          fileParallelism: false,
          hookTimeout: 180_000,
        },
      },
      {
        // The chaos suite at CI size (docs/reliability.md). It starts its own embedded runtime under
        // faults whatever CONVEYOR_E2E_TARGET says, so it needs neither the e2e setup's runtime nor a
        // deployment; its own project so that `npm test` reports it as a stage of its own.
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          fileParallelism: false,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
