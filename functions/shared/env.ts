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

/**
 * Parses a variable holding a JSON object of name → entry (`MESSAGE_TABLES`), or with `lists` of name
 * → non-empty list of entries (`MESSAGE_ROUTES`), checking each entry's string and boolean fields;
 * throws `CONFIG_INVALID` naming the variable and the entry.
 */
export function parseJsonMap<T>(variable: string, raw: string, fields: Readonly<Record<keyof T & string, 'string' | 'boolean'>>, lists: true): Readonly<Record<string, readonly T[]>>;
export function parseJsonMap<T>(variable: string, raw: string, fields: Readonly<Record<keyof T & string, 'string' | 'boolean'>>, lists?: false): Readonly<Record<string, T>>;
export function parseJsonMap<T>(variable: string, raw: string, fields: Readonly<Record<keyof T & string, 'string' | 'boolean'>>, lists = false): Readonly<Record<string, T | readonly T[]>> {
  const fail = (problem: string): never => {
    throw new ConveyorError('CONFIG_INVALID', `environment variable ${variable} ${problem}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('must be a JSON object');
  const check = (entry: unknown, at: string): void => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`entry ${at} must be an object`);
    for (const [field, kind] of Object.entries(fields)) {
      if (typeof (entry as Record<string, unknown>)[field] !== kind) fail(`entry ${at}.${field} must be a ${kind as string}`);
    }
  };
  for (const [name, entry] of Object.entries(parsed)) {
    if (!lists) check(entry, name);
    else if (!Array.isArray(entry) || entry.length === 0) fail(`entry ${name} must be a non-empty array`);
    else entry.forEach((item, index) => check(item, `${name}[${index}]`));
  }
  return parsed as Readonly<Record<string, T | readonly T[]>>;
}
