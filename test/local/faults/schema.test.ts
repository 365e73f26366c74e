import { describe, expect, it } from 'vitest';
import { InvalidFaultRuleError } from '../../../local/errors.js';
import { parseFaultRules } from '../../../local/faults/schema.js';
import { crashRule, latencyRule, throttleRule } from './factories.js';

const rejects = (input: unknown) => expect(() => parseFaultRules(input));

describe('parseFaultRules', () => {
  describe('accepts', () => {
    it.each([
      ['a full AWS rule', { service: 'dynamodb', operation: 'PutItem', region: 'us-east-1', function: 'Consumer', probability: 0.5, error: { code: 'X', statusCode: 503, message: 'm' }, latencyMs: 10 }],
      ['an SQS latency rule', latencyRule(250)],
      ['a throttling rule', throttleRule()],
      ['a crash rule', crashRule()],
      ['a crash with a fixed delay', crashRule({ crash: { afterMs: 20 } })],
      ['a crash with a range', crashRule({ crash: { afterMs: [10, 20] } })],
      ['a crash with defaults', crashRule({ crash: {} })],
      ['a function latency rule', { service: 'lambda', function: 'Producer', latencyMs: 100 }],
    ])('%s', (_name, rule) => {
      // Act
      const rules = parseFaultRules(rule);

      // Assert
      expect(rules).toEqual([rule]);
    });

    it('an array of rules, in order', () => {
      // Arrange
      const input = [throttleRule(), latencyRule(5)];

      // Act / Assert
      expect(parseFaultRules(input)).toEqual(input);
    });

    it('an empty array', () => {
      expect(parseFaultRules([])).toEqual([]);
    });
  });

  describe('rejects, naming the field', () => {
    it.each([
      ['an unknown service', { service: 'kinesis', latencyMs: 1 }, /rule\.service must be one of sqs, dynamodb, lambda/],
      ['a missing service', { latencyMs: 1 }, /missing required field "service"/],
      ['an AWS rule with neither error nor latency', { service: 'sqs' }, /at least one of error, latencyMs/],
      ['a function rule with neither crash nor latency', { service: 'lambda', function: 'Consumer' }, /at least one of crash, latencyMs/],
      ['an unknown field', throttleRule({ retries: 3 } as never), /unknown field "retries"/],
      ['an unknown field in error', { service: 'sqs', error: { code: 'X', status: 500 } }, /rule\.error has unknown field "status"/],
      ['an AWS field on a function rule', { service: 'lambda', crash: true, operation: 'Invoke' }, /unknown field "operation"/],
      ['a crash on an AWS rule', { service: 'sqs', crash: true }, /unknown field "crash"/],
      ['a status below 400', throttleRule({ error: { code: 'X', statusCode: 399 } }), /rule\.error\.statusCode must be >= 400/],
      ['a status above 599', throttleRule({ error: { code: 'X', statusCode: 600 } }), /rule\.error\.statusCode must be <= 599/],
      ['a fractional status', throttleRule({ error: { code: 'X', statusCode: 400.5 } }), /statusCode must be integer/],
      ['a missing error code', { service: 'sqs', error: {} }, /rule\.error is missing required field "code"/],
      ['a probability above 1', throttleRule({ probability: 1.5 }), /rule\.probability must be <= 1/],
      ['a negative probability', throttleRule({ probability: -0.1 }), /rule\.probability must be >= 0/],
      ['a latency above 60 s', latencyRule(60_001), /rule\.latencyMs must be <= 60000/],
      ['a negative latency', latencyRule(-1), /rule\.latencyMs must be >= 0/],
      ['crash: false', { service: 'lambda', crash: false }, /rule\.crash must be true or/],
      ['an unknown crash field', { service: 'lambda', crash: { after: 5 } }, /rule\.crash has unknown field "after"/],
      ['a crash range of three', crashRule({ crash: { afterMs: [1, 2, 3] as never } }), /rule\.crash\.afterMs must be a number or \[min, max\]/],
      ['a reversed crash range', crashRule({ crash: { afterMs: [20, 10] } }), /rule\.crash\.afterMs must be \[min, max\] with min <= max/],
      ['a string', 'throttle', /rule must be object/],
      ['null', null, /rule must be object/],
    ])('%s', (_name, input, message) => {
      rejects(input).toThrow(message);
    });

    it('the index of the bad rule in an array', () => {
      rejects([throttleRule(), latencyRule(5, { probability: 2 })]).toThrow(/rules\[1\]\.probability must be <= 1/);
    });

    it('with an InvalidFaultRuleError', () => {
      rejects({ service: 'sqs' }).toThrow(InvalidFaultRuleError);
    });
  });
});
