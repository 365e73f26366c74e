import { describe, expect, it } from 'vitest';
import { backoffSeconds, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../../functions/consumer/retry/policy.js';

const policy: RetryPolicy = { baseSeconds: 1, maxDelaySeconds: 60, budgetSeconds: 900 };
const LOWEST = 0;
const HIGHEST = 1 - Number.EPSILON;

describe('backoffSeconds', () => {
  it('doubles the ceiling with each attempt (full jitter: the highest draw reaches it)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffSeconds(policy, attempt, HIGHEST));
    expect(ceilings).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('never waits longer than the longest delay, however many attempts', () => {
    for (const attempt of [7, 8, 20, 1000]) expect(backoffSeconds(policy, attempt, HIGHEST)).toBe(policy.maxDelaySeconds);
  });

  it('waits at least one second, in whole seconds, for any draw', () => {
    for (let draw = 0; draw < 1; draw += 0.01) {
      const seconds = backoffSeconds(policy, 6, draw);
      expect(Number.isInteger(seconds)).toBe(true);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(32);
    }
    expect(backoffSeconds(policy, 6, LOWEST)).toBe(1);
  });

  it('spreads the waits of one attempt over its whole range (jitter)', () => {
    const seen = new Set(Array.from({ length: 64 }, (_, index) => backoffSeconds(policy, 6, index / 64)));
    expect(seen.size).toBe(32);
  });

  it('scales with the base', () => {
    expect(backoffSeconds({ ...policy, baseSeconds: 5 }, 3, HIGHEST)).toBe(20);
  });

  it('defaults to the contract\'s schedule', () => {
    expect(backoffSeconds(DEFAULT_RETRY_POLICY, 1, HIGHEST)).toBe(DEFAULT_RETRY_POLICY.baseSeconds);
  });
});
