import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CLI_OWNED_CONTEXT_KEYS, CONTEXT_KEY_NAMES, DEFAULT_STACK_NAME, parseContext } from '../../infra/context.js';
import { constructError } from './construct-error.js';

describe('parseContext', () => {
  describe('defaults', () => {
    it('returns the default stack name and no props for empty context', () => {
      expect(parseContext({})).toEqual({ stackName: DEFAULT_STACK_NAME, props: {} });
    });

    it('ignores keys the CDK and its CLI own', () => {
      const context = {
        '@aws-cdk/core:enablePartitionLiterals': true,
        'aws:cdk:bundling-stacks': ['**'],
        'aws:cdk:enable-path-metadata': true,
        'aws:cdk:enable-asset-metadata': true,
        'aws:cdk:version-reporting': true,
        'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a'],
        ...Object.fromEntries(CLI_OWNED_CONTEXT_KEYS.map((k) => [k, []])),
      };

      expect(parseContext(context)).toEqual({ stackName: DEFAULT_STACK_NAME, props: {} });
    });
  });

  describe('good values', () => {
    // [key, string form (-c key=value), typed form (cdk.json), expected props]
    const cases: [string, string, unknown, Record<string, unknown>][] = [
      ['fifo', 'true', true, { fifo: true }],
      ['maxReceiveCount', '7', 7, { maxReceiveCount: 7 }],
      ['retryBaseSeconds', '2', 2, { retryBaseDelay: Duration.seconds(2) }],
      ['retryMaxDelaySeconds', '300', 300, { retryMaxDelay: Duration.seconds(300) }],
      ['retryBudgetSeconds', '3600', 3600, { retryBudget: Duration.seconds(3600) }],
      ['batchSize', '100', 100, { batchSize: 100 }],
      ['maxBatchingWindowSeconds', '5', 5, { maxBatchingWindow: Duration.seconds(5) }],
      ['maxConcurrency', '20', 20, { maxConcurrency: 20 }],
      ['minimumPollers', '4', 4, { minimumPollers: 4 }],
      ['maximumPollers', '50', 50, { maximumPollers: 50 }],
      ['consumerTimeoutSeconds', '45', 45, { consumerTimeout: Duration.seconds(45) }],
      ['visibilityTimeoutSeconds', '600', 600, { visibilityTimeout: Duration.seconds(600) }],
      ['retentionPeriodSeconds', '86400', 86400, { retentionPeriod: Duration.seconds(86400) }],
      ['consumerMemoryMb', '1024', 1024, { consumerMemorySize: 1024 }],
      ['producerMemoryMb', '256', 256, { producerMemorySize: 256 }],
      ['apiRateLimit', '12.5', 12.5, { apiRateLimit: 12.5 }],
      ['apiBurstLimit', '40', 40, { apiBurstLimit: 40 }],
      ['apiDailyQuota', '50000', 50000, { apiDailyQuota: 50000 }],
      ['maxMessageBytes', '1048576', 1048576, { maxMessageBytes: 1048576 }],
      ['idempotencyTtlSeconds', '864000', 864000, { idempotencyTtl: Duration.seconds(864000) }],
      ['latencySloMs', '250', 250, { endToEndLatencySlo: Duration.millis(250) }],
      ['oldestMessageAgeAlarmSeconds', '120', 120, { oldestMessageAgeThreshold: Duration.seconds(120) }],
      ['consumerErrorRateThreshold', '0.1', 0.1, { consumerErrorRateThreshold: 0.1 }],
      ['messageFailureRateThreshold', '0.2', 0.2, { messageFailureRateThreshold: 0.2 }],
      ['alarmEmail', 'ops@example.com', 'ops@example.com', { alarmEmail: 'ops@example.com' }],
      ['removalPolicy', 'destroy', 'DESTROY', { removalPolicy: RemovalPolicy.DESTROY }],
      ['logRetentionDays', '7', 7, { logRetention: RetentionDays.ONE_WEEK }],
    ];

    it('covers every known key except stackName', () => {
      expect(cases.map(([key]) => key).sort()).toEqual(CONTEXT_KEY_NAMES.filter((k) => k !== 'stackName').sort());
    });

    it.each(cases)('parses %s from a -c string', (key, text, _typed, expected) => {
      expect(parseContext({ [key]: text }).props).toEqual(expected);
    });

    it.each(cases)('parses %s from a typed cdk.json value', (key, _text, typed, expected) => {
      expect(parseContext({ [key]: typed }).props).toEqual(expected);
    });

    it('parses fifo=false', () => {
      expect(parseContext({ fifo: 'false' }).props).toEqual({ fifo: false });
    });

    it('parses removalPolicy=retain', () => {
      expect(parseContext({ removalPolicy: 'retain' }).props).toEqual({ removalPolicy: RemovalPolicy.RETAIN });
    });

    it('parses stackName', () => {
      expect(parseContext({ stackName: 'Conveyor-Staging' }).stackName).toBe('Conveyor-Staging');
    });
  });

  describe('bad values', () => {
    const cases: [string, unknown, RegExp][] = [
      ['fifo', 'yes', /"fifo" expects true or false/],
      ['maxReceiveCount', 'abc', /"maxReceiveCount" expects an integer/],
      ['maxReceiveCount', '2.5', /"maxReceiveCount" expects an integer/],
      ['retryBaseSeconds', '0.5', /"retryBaseSeconds" expects an integer/],
      ['retryMaxDelaySeconds', '1m', /"retryMaxDelaySeconds" expects an integer/],
      ['retryBudgetSeconds', '-1', /"retryBudgetSeconds" expects a non-negative integer number of seconds/],
      ['batchSize', '', /"batchSize" expects an integer/],
      ['maxBatchingWindowSeconds', '-1', /"maxBatchingWindowSeconds" expects a non-negative integer number of seconds/],
      ['maxConcurrency', true, /"maxConcurrency" expects an integer/],
      ['minimumPollers', 'two', /"minimumPollers" expects an integer/],
      ['maximumPollers', 1.5, /"maximumPollers" expects an integer/],
      ['consumerTimeoutSeconds', '30s', /"consumerTimeoutSeconds" expects an integer/],
      ['visibilityTimeoutSeconds', '1e', /"visibilityTimeoutSeconds" expects an integer/],
      ['retentionPeriodSeconds', '-60', /"retentionPeriodSeconds" expects a non-negative integer/],
      ['consumerMemoryMb', '1GB', /"consumerMemoryMb" expects an integer/],
      ['producerMemoryMb', 512.5, /"producerMemoryMb" expects an integer/],
      ['apiRateLimit', 'fast', /"apiRateLimit" expects a number/],
      ['apiBurstLimit', '1.5', /"apiBurstLimit" expects an integer/],
      ['apiDailyQuota', '10k', /"apiDailyQuota" expects an integer/],
      ['maxMessageBytes', '256KiB', /"maxMessageBytes" expects an integer/],
      ['idempotencyTtlSeconds', '7d', /"idempotencyTtlSeconds" expects an integer/],
      ['latencySloMs', '-5', /"latencySloMs" expects a non-negative integer number of milliseconds/],
      ['oldestMessageAgeAlarmSeconds', 'five', /"oldestMessageAgeAlarmSeconds" expects an integer/],
      ['consumerErrorRateThreshold', '5%', /"consumerErrorRateThreshold" expects a number/],
      ['messageFailureRateThreshold', 'high', /"messageFailureRateThreshold" expects a number/],
      ['alarmEmail', '', /"alarmEmail" expects a non-empty string/],
      ['removalPolicy', 'snapshot', /"removalPolicy" expects "retain" or "destroy"/],
      ['logRetentionDays', '8', /"logRetentionDays" expects one of 1, 3, 5, 7/],
      ['stackName', '1-bad_name', /"stackName" expects a CloudFormation stack name/],
    ];

    it('covers every known key', () => {
      expect(new Set(cases.map(([key]) => key))).toEqual(new Set(CONTEXT_KEY_NAMES));
    });

    it.each(cases)('rejects %s=%j, naming the key', (key, value, message) => {
      expect(() => parseContext({ [key]: value })).toThrow(constructError('INVALID_CONTEXT', key));
      expect(() => parseContext({ [key]: value })).toThrow(message);
    });
  });

  describe('unknown keys', () => {
    it('rejects a key that looks like ours, listing the known keys', () => {
      const act = () => parseContext({ maxRecieveCount: '3' });

      expect(act).toThrow(constructError('UNKNOWN_CONTEXT_KEY', 'maxRecieveCount'));
      expect(act).toThrow(`Unknown context key "maxRecieveCount". Conveyor reads: ${CONTEXT_KEY_NAMES.join(', ')}`);
    });

    it('rejects keys named after Object.prototype members', () => {
      expect(() => parseContext({ toString: 'x' })).toThrow(constructError('UNKNOWN_CONTEXT_KEY', 'toString'));
    });
  });
});
