import { describe, expect, it } from 'vitest';
import { InvalidFaultRuleError } from '../../../local/errors.js';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { NO_FAULTS } from '../../../local/faults/decisions.js';
import { call, crashRule, fn, latencyRule, sequence, throttleRule } from './factories.js';

describe('FaultStore', () => {
  describe('rule management', () => {
    it('set replaces every rule', () => {
      // Arrange
      const store = new FaultStore({ rules: [throttleRule()] });

      // Act
      store.set([latencyRule(5), crashRule()]);

      // Assert
      expect(store.list()).toEqual([latencyRule(5), crashRule()]);
    });

    it('add appends in order', () => {
      const store = new FaultStore({ rules: throttleRule() });

      store.add(latencyRule(5));

      expect(store.list()).toEqual([throttleRule(), latencyRule(5)]);
    });

    it('remove drops every deep-equal rule whatever the key order, and says how many', () => {
      // Arrange
      const store = new FaultStore({ rules: [throttleRule(), latencyRule(5), throttleRule()] });

      // Act
      const removed = store.remove({ error: { code: 'ProvisionedThroughputExceededException' }, service: 'dynamodb' });

      // Assert
      expect(removed).toBe(2);
      expect(store.list()).toEqual([latencyRule(5)]);
    });

    it('remove leaves rules that differ in any field', () => {
      const store = new FaultStore({ rules: [throttleRule({ probability: 0.5 })] });

      const removed = store.remove(throttleRule());

      expect(removed).toBe(0);
      expect(store.list()).toHaveLength(1);
    });

    it('clear removes everything', () => {
      const store = new FaultStore({ rules: [throttleRule(), crashRule()] });

      store.clear();

      expect(store.list()).toEqual([]);
      expect(store.forAwsCall(call())).toBeUndefined();
    });

    it('an invalid rule changes nothing', () => {
      // Arrange
      const store = new FaultStore({ rules: [throttleRule()] });

      // Act / Assert
      expect(() => store.add([latencyRule(5), { service: 'sqs' } as never])).toThrow(InvalidFaultRuleError);
      expect(() => store.set({ service: 'lambda' } as never)).toThrow(InvalidFaultRuleError);
      expect(store.list()).toEqual([throttleRule()]);
    });

    it('keeps its own frozen copy of the rules', () => {
      // Arrange
      const rule = { service: 'sqs' as const, error: { code: 'X' } };
      const store = new FaultStore({ rules: rule });

      // Act
      rule.error.code = 'Changed';

      // Assert
      expect(store.list()[0]).toEqual({ service: 'sqs', error: { code: 'X' } });
      expect(Object.isFrozen(store.list()[0])).toBe(true);
    });

    it('implements FaultPolicy like NO_FAULTS when empty', () => {
      const store = new FaultStore();

      expect(store.forAwsCall(call())).toEqual(NO_FAULTS.forAwsCall(call()));
      expect(store.forInvocation(fn())).toBeUndefined();
    });
  });

  describe('forAwsCall', () => {
    it('answers with the error, defaulting status 400 and a message', () => {
      const store = new FaultStore({ rules: throttleRule() });

      const faults = store.forAwsCall(call());

      expect(faults).toEqual({
        error: { code: 'ProvisionedThroughputExceededException', statusCode: 400, message: 'Injected fault: ProvisionedThroughputExceededException' },
      });
    });

    it.each([
      ['service', { service: 'sqs', operation: 'PutItem' }],
      ['operation', { operation: 'GetItem' }],
      ['caller', { caller: 'Producer' }],
      ['a missing caller', {}],
      ['region', { caller: 'Consumer', region: 'eu-west-1' }],
      ['an unknown region', { caller: 'Consumer' }],
    ])('does not match another %s', (_name, overrides) => {
      // Arrange
      const store = new FaultStore({ rules: throttleRule({ operation: 'PutItem', function: 'Consumer', region: 'us-east-1' }) });

      // Act / Assert
      expect(store.forAwsCall(call(overrides))).toBeUndefined();
    });

    it('matches operation and caller case-insensitively, and the region', () => {
      const store = new FaultStore({ rules: throttleRule({ operation: 'putitem', function: 'CONSUMER', region: 'us-east-1' }) });

      const faults = store.forAwsCall(call({ operation: 'PutItem', caller: 'Consumer', region: 'us-east-1' }));

      expect(faults?.error?.code).toBe('ProvisionedThroughputExceededException');
    });

    it('fires when random() is below the probability, once per matching call', () => {
      // Arrange
      const random = sequence(0.29, 0.3, 0.99);
      const store = new FaultStore({ random, rules: throttleRule({ probability: 0.3 }) });

      // Act
      const decisions = [store.forAwsCall(call()), store.forAwsCall(call()), store.forAwsCall(call())];

      // Assert
      expect(decisions.map((d) => d?.error !== undefined)).toEqual([true, false, false]);
      expect(random.calls).toBe(3);
      expect(store.stats()).toEqual([{ rule: throttleRule({ probability: 0.3 }), matched: 3, fired: 1 }]);
    });

    it('never draws for probability 0 or 1, nor for calls that do not match', () => {
      const random = sequence(0);
      const store = new FaultStore({ random, rules: [throttleRule({ probability: 0 }), latencyRule(5, { probability: 1 })] });

      store.forAwsCall(call());
      store.forAwsCall(call({ service: 'sqs' }));

      expect(random.calls).toBe(0);
    });

    it('adds up the latencies of every rule that fires and keeps the first error', () => {
      // Arrange
      const store = new FaultStore({
        rules: [
          latencyRule(10, { service: 'dynamodb' }),
          throttleRule({ error: { code: 'First', statusCode: 500 }, latencyMs: 5 }),
          throttleRule({ error: { code: 'Second' }, latencyMs: 1000 }),
          latencyRule(7, { service: 'dynamodb' }),
        ],
      });

      // Act
      const faults = store.forAwsCall(call());

      // Assert
      expect(faults).toEqual({ latencyMs: 22, error: { code: 'First', statusCode: 500, message: 'Injected fault: First' } });
      expect(store.stats().map((s) => s.fired)).toEqual([1, 1, 0, 1]);
    });

    it('a later error rule applies when an earlier one does not fire', () => {
      const store = new FaultStore({ random: sequence(0.9), rules: [throttleRule({ probability: 0.5 }), throttleRule({ error: { code: 'Other', message: 'm' } })] });

      expect(store.forAwsCall(call())?.error).toEqual({ code: 'Other', statusCode: 400, message: 'm' });
    });

    it('ignores function rules', () => {
      const store = new FaultStore({ rules: crashRule() });

      expect(store.forAwsCall(call())).toBeUndefined();
    });
  });

  describe('forInvocation', () => {
    it.each([['short name', 'consumer'], ['logical id', 'ConsumerFunction1A2B3C'], ['function name', 'CONVEYOR-CONSUMER']])(
      'matches by %s, case-insensitively',
      (_name, name) => {
        const store = new FaultStore({ rules: crashRule({ function: name, crash: { afterMs: 30 } }) });

        expect(store.forInvocation(fn('Consumer'))).toEqual({ crashAfterMs: 30 });
        expect(store.forInvocation(fn('Producer'))).toBeUndefined();
      },
    );

    it('applies to every function when the rule names none', () => {
      const store = new FaultStore({ rules: { service: 'lambda', latencyMs: 40 } });

      expect(store.forInvocation(fn('Producer'))).toEqual({ latencyMs: 40 });
    });

    it('draws a crash delay uniformly in [0, 100] ms by default', () => {
      const store = new FaultStore({ random: sequence(0.25), rules: crashRule() });

      expect(store.forInvocation(fn())).toEqual({ crashAfterMs: 25 });
    });

    it('draws a crash delay in the given range', () => {
      const store = new FaultStore({ random: sequence(0.5), rules: crashRule({ crash: { afterMs: [100, 200] } }) });

      expect(store.forInvocation(fn())).toEqual({ crashAfterMs: 150 });
    });

    it('adds latencies and keeps the first crash', () => {
      const store = new FaultStore({
        rules: [{ service: 'lambda', latencyMs: 10 }, crashRule({ crash: { afterMs: 5 }, latencyMs: 1 }), crashRule({ crash: { afterMs: 99 } })],
      });

      expect(store.forInvocation(fn())).toEqual({ latencyMs: 11, crashAfterMs: 5 });
    });

    it('rolls the probability per invocation', () => {
      const store = new FaultStore({ random: sequence(0.6, 0.4), rules: crashRule({ probability: 0.5, crash: { afterMs: 1 } }) });

      expect([store.forInvocation(fn()), store.forInvocation(fn())]).toEqual([undefined, { crashAfterMs: 1 }]);
    });

    it('ignores AWS rules', () => {
      const store = new FaultStore({ rules: [throttleRule(), latencyRule(5)] });

      expect(store.forInvocation(fn())).toBeUndefined();
    });
  });

  describe('stats', () => {
    it('restart for a rule that is set again', () => {
      const store = new FaultStore({ rules: throttleRule() });
      store.forAwsCall(call());

      store.set(throttleRule());

      expect(store.stats()).toEqual([{ rule: throttleRule(), matched: 0, fired: 0 }]);
    });
  });

  describe('times', () => {
    it('fires an AWS rule at most `times` times, then lets calls through', () => {
      const store = new FaultStore({ rules: throttleRule({ times: 2 }) });

      const decisions = [store.forAwsCall(call()), store.forAwsCall(call()), store.forAwsCall(call())];

      expect(decisions.map((decision) => decision?.error?.code)).toEqual(['ProvisionedThroughputExceededException', 'ProvisionedThroughputExceededException', undefined]);
      expect(store.stats()[0]).toMatchObject({ fired: 2 });
    });

    it('counts only firings: a rule that lost its probability roll still has its times left', () => {
      const store = new FaultStore({ rules: throttleRule({ times: 1, probability: 0.5 }), random: sequence(0.9, 0.1, 0.1) });

      const decisions = [store.forAwsCall(call()), store.forAwsCall(call()), store.forAwsCall(call())];

      expect(decisions.map((decision) => decision !== undefined)).toEqual([false, true, false]);
    });

    it('crashes at most `times` invocations', () => {
      const store = new FaultStore({ rules: crashRule({ times: 1, crash: { afterMs: 5 } }) });

      expect(store.forInvocation(fn())).toEqual({ crashAfterMs: 5 });
      expect(store.forInvocation(fn())).toBeUndefined();
    });

    it('rejects times below 1 or not an integer', () => {
      expect(() => new FaultStore({ rules: throttleRule({ times: 0 }) })).toThrow(/times/);
      expect(() => new FaultStore({ rules: throttleRule({ times: 1.5 }) })).toThrow(/times/);
    });
  });
});
