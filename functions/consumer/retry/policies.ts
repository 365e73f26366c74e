import { type IntegerRange, RETRY_BASE_SECONDS, RETRY_BUDGET_SECONDS, RETRY_MAX_DELAY_SECONDS } from '../../../contract/index.js';
import { ConveyorError } from '../../shared/errors.js';
import type { ConsumerConfig } from '../config.js';
import type { HandlerRegistry, MessageHandler } from '../handlers/index.js';
import type { RetryPolicy } from './policy.js';

const RANGES: Readonly<Record<keyof RetryPolicy, IntegerRange>> = {
  baseSeconds: RETRY_BASE_SECONDS,
  maxDelaySeconds: RETRY_MAX_DELAY_SECONDS,
  budgetSeconds: RETRY_BUDGET_SECONDS,
};

/**
 * The retry policy of each message type: the queue's (from the consumer's environment), with the
 * fields a type's handler overrides (`retry` on its definition). Checked once, at cold start: an
 * override out of range, or a base delay above the longest delay, is a `CONFIG_INVALID` naming the
 * type and the field.
 */
export function retryPolicies(config: Pick<ConsumerConfig, 'retryBaseSeconds' | 'retryMaxDelaySeconds' | 'retryBudgetSeconds'>, handlers: HandlerRegistry): (type: string | undefined) => RetryPolicy {
  const queue: RetryPolicy = checked('the queue', {
    baseSeconds: config.retryBaseSeconds,
    maxDelaySeconds: config.retryMaxDelaySeconds,
    budgetSeconds: config.retryBudgetSeconds,
  });
  const byType = new Map<string, RetryPolicy>();
  for (const [type, handler] of Object.entries(handlers) as Array<[string, MessageHandler<never>]>) {
    const override = typeof handler === 'function' ? undefined : handler.retry;
    if (override !== undefined) byType.set(type, checked(`message type '${type}'`, { ...queue, ...override }));
  }
  return (type) => (type === undefined ? undefined : byType.get(type)) ?? queue;
}

function checked(owner: string, policy: RetryPolicy): RetryPolicy {
  for (const [field, range] of Object.entries(RANGES) as Array<[keyof RetryPolicy, IntegerRange]>) {
    const value = policy[field];
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      throw new ConveyorError('CONFIG_INVALID', `retry policy of ${owner}: ${field} must be an integer from ${range.min} to ${range.max} (got ${String(value)})`);
    }
  }
  if (policy.baseSeconds > policy.maxDelaySeconds) {
    throw new ConveyorError('CONFIG_INVALID', `retry policy of ${owner}: baseSeconds (${policy.baseSeconds}) must not exceed maxDelaySeconds (${policy.maxDelaySeconds})`);
  }
  return policy;
}
