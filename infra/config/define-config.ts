import type { QueueSettings, StackSettings } from './settings.js';


/**
 * What `conveyor.config.ts` exports by default. Every setting is optional and keeps the default and
 * range documented on `ConveyorQueueProps`; `-c` context (cdk.json, then the command line) overrides
 * the file, setting by setting.
 */
export interface ConveyorConfig {
  /**
   * The settings the whole stack shares: API limits and quota, producer memory, largest message,
   * alarm email, removal policy, log retention, service name, metrics namespace.
   * @default - each at its default
   */
  readonly stack?: StackSettings;
  /**
   * The queues, by name: a lowercase letter, then up to 39 lowercase letters, digits or hyphens
   * (`ledger`). For now exactly one; several come with the next slice of the work
   * (docs/design/your-queues.md).
   */
  readonly queues: Readonly<Record<string, QueueSettings>>;
}

/**
 * Gives `conveyor.config.ts` its types and returns the config unchanged (as vite's and vitest's
 * `defineConfig` do); the CDK app validates it at synth.
 *
 * @example
 * export default defineConfig({ stack: { alarmEmail: 'ops@example.com' }, queues: { ledger: { batchSize: 5 } } });
 */
export function defineConfig(config: ConveyorConfig): ConveyorConfig {
  return config;
}
