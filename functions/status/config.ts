import { type Env, requireString } from '../shared/env.js';

/** Everything the status function reads from its environment, resolved once at cold start. */
export interface StatusConfig {
  /** The idempotency table the consumer writes (`IDEMPOTENCY_TABLE_NAME`). */
  readonly idempotencyTableName: string;
}

/** Resolves the status function's configuration; throws `ConfigError` naming a missing variable. */
export function loadStatusConfig(env: Env): StatusConfig {
  return { idempotencyTableName: requireString(env, 'IDEMPOTENCY_TABLE_NAME') };
}
