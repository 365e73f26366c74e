import type { ErrorObject } from 'ajv-draft-04';

/** At most this many schema violations are listed in `$context.error.validationErrorString`. */
export const MAX_REPORTED_VIOLATIONS = 10;

const MAX_QUOTED_CHARS = 120;

/**
 * Formats Ajv errors (collected with `verbose: true`) the way API Gateway's validator words them, e.g.
 * `[instance value ("x") not found in enum (possible values: ["a","b"])]`. Missing and unexpected
 * properties of one object are reported together, as API Gateway does. The wording is approximate.
 */
export function validationErrorString(errors: readonly ErrorObject[]): string {
  const entries: (string | { readonly keyword: string; readonly names: string[] })[] = [];
  const groups = new Map<string, { readonly keyword: string; readonly names: string[] }>();
  for (const error of errors) {
    if (error.keyword !== 'required' && error.keyword !== 'additionalProperties') {
      entries.push(describe(error));
      continue;
    }
    const name = String(error.keyword === 'required' ? error.params.missingProperty : error.params.additionalProperty);
    const groupKey = `${error.keyword} ${error.instancePath}`;
    const group = groups.get(groupKey);
    if (group) {
      group.names.push(name);
    } else {
      const created = { keyword: error.keyword, names: [name] };
      groups.set(groupKey, created);
      entries.push(created);
    }
  }
  const rendered = entries.map((entry) => {
    if (typeof entry === 'string') return entry;
    const list = JSON.stringify([...entry.names].sort());
    return entry.keyword === 'required'
      ? `object has missing required properties (${list})`
      : `object instance has properties which are not allowed by the schema: ${list}`;
  });
  const shown = rendered.slice(0, MAX_REPORTED_VIOLATIONS);
  if (rendered.length > shown.length) shown.push(`(${rendered.length - shown.length} more)`);
  return `[${shown.join(', ')}]`;
}

function describe(error: ErrorObject): string {
  const { data, schema } = error as ErrorObject & { data?: unknown; schema?: unknown };
  switch (error.keyword) {
    case 'type':
      return `instance type (${jsonType(data)}) does not match any allowed primitive type (allowed: ${JSON.stringify([schema].flat())})`;
    case 'enum':
      return `instance value (${quote(data)}) not found in enum (possible values: ${quote(schema)})`;
    case 'pattern':
      return `ECMA 262 regex ${JSON.stringify(schema)} does not match input string ${quote(data)}`;
    case 'minLength':
      return `string ${quote(data)} is too short (length: ${lengthOf(data)}, required minimum: ${String(schema)})`;
    case 'maxLength':
      return `string ${quote(data)} is too long (length: ${lengthOf(data)}, maximum allowed: ${String(schema)})`;
    case 'minimum':
      return `numeric instance is lower than the required minimum (minimum: ${String(schema)}, found: ${String(data)})`;
    case 'maximum':
      return `numeric instance is greater than the required maximum (maximum: ${String(schema)}, found: ${String(data)})`;
    case 'minItems':
      return `array is too short: must have at least ${String(schema)} elements but instance has ${lengthOf(data)} elements`;
    case 'maxItems':
      return `array is too long: must have at most ${String(schema)} elements but instance has ${lengthOf(data)} elements`;
    case 'minProperties':
      return `object has too few properties (found ${countOf(data)} but schema requires at least ${String(schema)})`;
    case 'maxProperties':
      return `object has too many properties (found ${countOf(data)} but schema requires at most ${String(schema)})`;
    case 'uniqueItems':
      return 'array must not contain duplicate elements';
    case 'multipleOf':
      return `numeric instance is not a multiple of ${String(schema)} (found: ${String(data)})`;
    default:
      return `${error.instancePath || 'instance'} ${error.message ?? 'is invalid'}`;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0;
}

function countOf(value: unknown): number {
  return typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
}
