import { type ConfigOf, STATUS_ENVIRONMENT } from '../../contract/index.js';
import { type Env, loadEnvironment } from '../shared/env.js';

/** Everything the status function reads from its environment: `idempotencyTableName` (`IDEMPOTENCY_TABLE_NAME`). */
export type StatusConfig = ConfigOf<typeof STATUS_ENVIRONMENT>;

/** Resolves the status function's configuration; throws `ConfigError` naming a missing variable. */
export function loadStatusConfig(env: Env): StatusConfig {
  return loadEnvironment(STATUS_ENVIRONMENT, env);
}
