import type { TableDeclaration, TypeDeclaration } from '../constructs/topology.js';
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
   * (`ledger`). The first is the default queue: `-c` context keys (`-c fifo=true`) set its settings.
   * Each queue gets its dead-letter queue, its consumer, its alarms and a dashboard row.
   */
  readonly queues: Readonly<Record<string, QueueSettings>>;
  /**
   * The effect tables the types' handlers write, by name (same pattern as queues): one DynamoDB
   * table each, keyed by a string `partitionKey`.
   * @default none
   */
  readonly tables?: Readonly<Record<string, TableDeclaration>>;
  /**
   * The message types, by name (`orders.place`): the queue each goes to, its module (exporting
   * `payload` and `handler`, see `functions/handler-api`) relative to the project root, and the
   * tables its handler writes.
   * @default the example `ledger.credit` on the first queue, with table `ledger`
   */
  readonly types?: Readonly<Record<string, TypeDeclaration>>;
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
