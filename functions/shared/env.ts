import { type ConfigOf, type EnvironmentSchema, EnvironmentError, readEnvironment } from '../../contract/index.js';
import { ConveyorError } from './errors.js';

/** The environment as handed to a function; only each function's `config.ts` reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses a function's environment with its schema from the contract (the same names, defaults and
 * ranges the construct writes); throws a `CONFIG_INVALID` {@link ConveyorError} naming the first missing or bad variable.
 */
export function loadEnvironment<S extends EnvironmentSchema>(schema: S, env: Env): ConfigOf<S> {
  try {
    return readEnvironment(schema, env);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new ConveyorError('CONFIG_INVALID', error.message, { cause: error });
    throw error;
  }
}
