/**
 * Argument parsers for commander options, for every `conveyor` command (`start` included): each
 * throws `InvalidArgumentError` (a usage error, exit 2). A command uses these rather than its own.
 */
import { InvalidArgumentError } from 'commander';

/** An integer from `min` to `max`; `description` is what the error says was expected. */
export function integerIn(min: number, max: number, description = `an integer from ${min} to ${max}`): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(description);
    return parsed;
  };
}

/** A TCP port from 0 to 65535 (0: any free port). */
export const port = integerIn(0, 65_535, 'a port from 0 to 65535');

/** An integer ≥ 0 (a number of seconds, where 0 means never). */
export const nonNegativeInteger = integerIn(0, Number.MAX_SAFE_INTEGER, 'an integer ≥ 0');

/** An integer ≥ 1. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive integer');
  return parsed;
}

/** A number > 0. */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('a number greater than 0');
  return parsed;
}

/** A share from 0 to just under 1 (`0.1`, or `10%`). */
export function ratio(value: string): number {
  const parsed = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed >= 1) throw new InvalidArgumentError('a ratio from 0 to below 1, e.g. 0.1 or 10%');
  return parsed;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration in seconds: `30`, `30s`, `5m`, `1h`, `2d`, `500ms`; returns seconds. */
export function durationSeconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('a duration such as 30, 30s, 5m, 1h or 2d');
  const seconds = (Number(match[1]) * UNITS[match[2] ?? 's']!) / 1000;
  if (!(seconds > 0)) throw new InvalidArgumentError('a duration greater than 0');
  return seconds;
}

/** A point in time: a duration ago (`10m`) or an ISO 8601 date; returns epoch ms. */
export function since(value: string, now = Date.now()): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const at = Date.parse(value);
    if (Number.isNaN(at)) throw new InvalidArgumentError('a duration ago such as 10m, or an ISO 8601 date');
    return at;
  }
  try {
    return now - durationSeconds(value) * 1000;
  } catch {
    throw new InvalidArgumentError('a duration ago such as 10m or 1h, or an ISO 8601 date');
  }
}

/** A repeatable `key=value` (CDK context, `-c fifo=true`): the key is not empty and has no spaces; the value may be empty. */
export function keyValue(value: string, previous: readonly string[]): string[] {
  if (!/^[^=\s]+=.*$/.test(value)) throw new InvalidArgumentError(`expected key=value, e.g. -c fifo=true, got '${value}'`);
  return [...previous, value];
}

/**
 * Refuses a value that starts with `-`: commander gives an option that needs a value the next word
 * whatever it is, so `--state-dir --in-memory` would name a folder `--in-memory`. `what` is what
 * was expected, `hint` how to say it anyway.
 */
function notAnOption(value: string, what: string, hint = ''): string {
  if (value.startsWith('-')) throw new InvalidArgumentError(`expected ${what}, not an option: '${value}' starts with '-'${hint}`);
  return value;
}

/** A folder (`--state-dir`, `-o`); not a word starting with `-`, which is the next option, not a value. */
export function dirPath(value: string): string {
  return notAnOption(value, 'a folder', ` (write ./${value} for a folder of that name)`);
}

/**
 * A repeatable `<name>=<dir>` (`--function-code Consumer=./build`), collected into a record by name;
 * neither side empty, and not a word starting with `-` (the next option, not a value).
 */
export function namedDir(value: string, previous: Readonly<Record<string, string>>): Record<string, string> {
  notAnOption(value, '<name>=<dir>');
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`expected <name>=<dir>, e.g. Consumer=./build, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
