import type { AwsFaultRule, FunctionFaultRule } from '../../../local/faults/rules.js';

/** A DynamoDB throttling rule; override any field. */
export const throttleRule = (overrides: Partial<AwsFaultRule> = {}): AwsFaultRule => ({
  service: 'dynamodb',
  error: { code: 'ProvisionedThroughputExceededException' },
  ...overrides,
});

/** An SQS latency rule; override any field. */
export const latencyRule = (latencyMs: number, overrides: Partial<AwsFaultRule> = {}): AwsFaultRule => ({
  service: 'sqs',
  latencyMs,
  ...overrides,
});

/** A function crash rule; override any field. */
export const crashRule = (overrides: Partial<FunctionFaultRule> = {}): FunctionFaultRule => ({
  service: 'lambda',
  crash: true,
  ...overrides,
});

/** A `random` that returns the given values in turn (then repeats the last); counts its calls. */
export function sequence(...values: number[]): (() => number) & { calls: number } {
  const next = Object.assign(() => values[Math.min(next.calls++, values.length - 1)] as number, { calls: 0 });
  return next;
}

/** The function identity the host passes to `forInvocation`; made up (test input), as the matcher only compares the strings. */
export const fn = (name = 'Consumer') => ({ name, logicalId: `${name}Function1A2B3C`, functionName: `Conveyor-${name}` });

/** An AWS call as the proxy describes it. */
export const call = (overrides: { service?: string; operation?: string; caller?: string; region?: string } = {}) => ({
  service: 'dynamodb',
  operation: 'PutItem',
  ...overrides,
});
