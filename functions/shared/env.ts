import { ConfigError } from './errors.js';

/** The environment as handed to a function; only each function's `config.ts` reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a required, non-empty variable. */
export function requireString(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

/** Reads an integer variable within [min, max], or `fallback` when unset. */
export function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`environment variable ${name} must be an integer between ${min} and ${max} (got '${raw}')`);
  }
  return value;
}

/** Reads a `true`/`false` variable, or `fallback` when unset. */
export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`environment variable ${name} must be 'true' or 'false' (got '${raw}')`);
}
