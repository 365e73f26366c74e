/** JSON schema of fault rules, and the one function that validates user input against it. */
import { Ajv, type ErrorObject } from 'ajv';
import { InvalidFaultRuleError } from '../errors.js';
import { AWS_FAULT_SERVICES, type FaultRule } from './rules.js';

/** Longest latency an AWS rule may add, in ms. */
export const MAX_AWS_LATENCY_MS = 60_000;
/** Longest latency or crash delay a function rule may add, in ms (Lambda's longest timeout). */
export const MAX_FUNCTION_DELAY_MS = 900_000;

const name = { type: 'string', minLength: 1, maxLength: 256 } as const;
const probability = { type: 'number', minimum: 0, maximum: 1 } as const;
const times = { type: 'integer', minimum: 1, maximum: 1_000_000_000 } as const;

/** "At least one of these fields"; each branch declares its field so Ajv's `strictRequired` holds. */
const atLeastOneOf = (...fields: readonly string[]) =>
  fields.map((field) => ({ required: [field], properties: { [field]: true } }));

const awsRule = {
  type: 'object',
  additionalProperties: false,
  required: ['service'],
  properties: {
    service: { enum: [...AWS_FAULT_SERVICES] },
    operation: { type: 'string', pattern: '^[A-Za-z0-9]+$', maxLength: 128 },
    region: { type: 'string', pattern: '^[a-z0-9-]+$', maxLength: 64 },
    function: name,
    probability,
    times,
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: {
        code: { type: 'string', pattern: '^[A-Za-z0-9_.]+$', maxLength: 256 },
        statusCode: { type: 'integer', minimum: 400, maximum: 599 },
        message: { type: 'string', maxLength: 4096 },
      },
    },
    latencyMs: { type: 'number', minimum: 0, maximum: MAX_AWS_LATENCY_MS },
  },
  anyOf: atLeastOneOf('error', 'latencyMs'),
} as const;

const delay = { type: 'number', minimum: 0, maximum: MAX_FUNCTION_DELAY_MS } as const;

const functionRule = {
  type: 'object',
  additionalProperties: false,
  required: ['service'],
  properties: {
    service: { const: 'lambda' },
    function: name,
    probability,
    times,
    crash: {
      anyOf: [
        { const: true },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            afterMs: { anyOf: [delay, { type: 'array', items: delay, minItems: 2, maxItems: 2 }] },
          },
        },
      ],
    },
    latencyMs: delay,
  },
  anyOf: atLeastOneOf('crash', 'latencyMs'),
} as const;

/** The schema of one rule; `service` selects the branch. */
export const FAULT_RULE_SCHEMA = {
  type: 'object',
  required: ['service'],
  properties: { service: { enum: [...AWS_FAULT_SERVICES, 'lambda'] } },
  discriminator: { propertyName: 'service' },
  oneOf: [awsRule, functionRule],
} as const;

const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true, verbose: true });
const validateRule = ajv.compile<unknown>(FAULT_RULE_SCHEMA);

/**
 * Validates one rule or an array of rules (parsed JSON) and returns them as an array.
 * @throws InvalidFaultRuleError naming the first offending field, e.g. `rules[1].error.statusCode must be <= 599`.
 */
export function parseFaultRules(input: unknown): FaultRule[] {
  const many = Array.isArray(input);
  const rules: unknown[] = many ? input : [input];
  rules.forEach((rule, index) => {
    const where = many ? `rules[${index}]` : 'rule';
    if (!validateRule(rule)) throw new InvalidFaultRuleError(describe(where, validateRule.errors ?? []));
    checkCrashRange(rule as FaultRule, where);
  });
  return rules as FaultRule[];
}

function checkCrashRange(rule: FaultRule, where: string): void {
  if (rule.service !== 'lambda' || typeof rule.crash !== 'object') return;
  const afterMs = rule.crash.afterMs;
  if (Array.isArray(afterMs) && afterMs[0] > afterMs[1]) {
    throw new InvalidFaultRuleError(`${where}.crash.afterMs must be [min, max] with min <= max (got [${afterMs.join(', ')}])`);
  }
}

/**
 * Turns Ajv's errors into one sentence naming the field. A failed `anyOf` comes with one error per
 * branch, so the pick is: an unknown field, else an error outside every `anyOf`, else the deepest `anyOf`.
 */
function describe(where: string, errors: readonly ErrorObject[]): string {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length);
  const error =
    errors.find((e) => e.keyword === 'additionalProperties') ??
    errors.find((e) => !e.schemaPath.includes('anyOf')) ??
    anyOfs[0] ??
    errors[0];
  if (!error) return `${where} is invalid`;
  const path = where + error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path} has unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${path} is missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'discriminator':
    case 'enum':
      if (error.keyword === 'discriminator' || error.instancePath === '/service' || error.instancePath === '') {
        return `${where}.service must be one of ${[...AWS_FAULT_SERVICES, 'lambda'].join(', ')}`;
      }
      return `${path} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'anyOf':
      return anyOfMessage(path, error);
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

function anyOfMessage(path: string, error: ErrorObject): string {
  const branches = (error.schema as readonly { required?: readonly string[] }[]) ?? [];
  const required = branches.flatMap((branch) => branch.required ?? []);
  if (required.length === branches.length && required.length > 0) return `${path} needs at least one of ${required.join(', ')}`;
  if (path.endsWith('.crash')) return `${path} must be true or { afterMs?: number | [min, max] }`;
  if (path.endsWith('.afterMs')) return `${path} must be a number or [min, max] within 0..${MAX_FUNCTION_DELAY_MS}`;
  return `${path} ${error.message ?? 'is invalid'}`;
}
