import { type ConfigOf, type MessageTable, type RecordPlaces, STATUS_ENVIRONMENT } from '../../contract/index.js';
import { type Env, loadEnvironment, parseJsonMap } from '../shared/env.js';
import { ConveyorError } from '../shared/errors.js';

/**
 * Everything the status function reads from its environment: `idempotencyTableName`
 * (`IDEMPOTENCY_TABLE_NAME`) and `places` (`RECORD_PLACES`: the fan-out queues and the effect tables).
 */
export interface StatusConfig extends Omit<ConfigOf<typeof STATUS_ENVIRONMENT>, 'places'> {
  readonly places: RecordPlaces;
}

/** Resolves the status function's configuration; throws `CONFIG_INVALID` naming a missing or bad variable. */
export function loadStatusConfig(env: Env): StatusConfig {
  const raw = loadEnvironment(STATUS_ENVIRONMENT, env);
  const name = STATUS_ENVIRONMENT.places.name;
  // Read as a map of two entries, so that each table's fields are checked as MESSAGE_TABLES' are.
  let parsed: { fanOutQueues?: unknown; tables?: unknown };
  try {
    parsed = JSON.parse(raw.places) as typeof parsed;
  } catch {
    throw new ConveyorError('CONFIG_INVALID', `environment variable ${name} must be JSON`);
  }
  const queues = parsed?.fanOutQueues;
  if (!Array.isArray(queues) || !queues.every((set) => Array.isArray(set) && set.every((queue) => typeof queue === 'string'))) {
    throw new ConveyorError('CONFIG_INVALID', `environment variable ${name} must hold fanOutQueues, a list of lists of queue names`);
  }
  if (!Array.isArray(parsed.tables)) throw new ConveyorError('CONFIG_INVALID', `environment variable ${name} must hold tables, a list of tables`);
  const byIndex = Object.fromEntries((parsed.tables as unknown[]).map((table, index) => [`tables[${index}]`, table]));
  const tables = parseJsonMap<MessageTable>(name, JSON.stringify(byIndex), { tableName: 'string', partitionKey: 'string' });
  return { ...raw, places: { fanOutQueues: queues as string[][], tables: Object.values(tables) } };
}
