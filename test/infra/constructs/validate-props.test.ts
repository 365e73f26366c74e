import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { type ConveyorQueueProps, resolveConveyorQueueProps } from '../../../infra/constructs/conveyor-queue-props.js';
import { findPropProblem } from '../../../infra/constructs/validate-props.js';
import { constructError } from '../construct-error.js';
import { buildConveyor, numberToken, testStack } from '../factories.js';
import { ConveyorQueue } from '../../../infra/constructs/conveyor-queue.js';

/** [rule, invalid props, message naming the prop and its range] */
const INVALID: [string, ConveyorQueueProps, RegExp][] = [
  ['fifo is a boolean', { fifo: 'yes' as unknown as boolean }, /fifo must be a boolean \(got yes\)/],
  ['maxReceiveCount ≥ 2', { maxReceiveCount: 1 }, /ConveyorQueue: maxReceiveCount must be an integer between 2 and 1000 \(got 1\)/],
  ['maxReceiveCount ≤ 1000', { maxReceiveCount: 1001 }, /maxReceiveCount must be an integer between 2 and 1000 \(got 1001\)/],
  ['maxReceiveCount is an integer', { maxReceiveCount: 2.5 }, /maxReceiveCount must be an integer/],
  ['retryBaseDelay ≥ 1 s', { retryBaseDelay: Duration.seconds(0) }, /retryBaseDelay must be a whole number of seconds between 1 and 900 seconds \(got 0 seconds\)/],
  ['retryBaseDelay in whole seconds', { retryBaseDelay: Duration.millis(1500) }, /retryBaseDelay must be a whole number of seconds/],
  ['retryMaxDelay ≤ 900 s (SQS\'s longest delay)', { retryMaxDelay: Duration.seconds(901) }, /retryMaxDelay must be a whole number of seconds between 1 and 900 seconds \(got 901 seconds\)/],
  ['retryMaxDelay ≥ retryBaseDelay', { retryBaseDelay: Duration.seconds(30), retryMaxDelay: Duration.seconds(10) }, /retryMaxDelay must be at least retryBaseDelay \(30 seconds\) \(got 10 seconds\)/],
  ['retryBudget ≤ 1 day', { retryBudget: Duration.days(2) }, /retryBudget must be a whole number of seconds between 0 and 86400 seconds/],
  ['consumerTimeout ≥ 1 s', { consumerTimeout: Duration.millis(500) }, /consumerTimeout must be a whole number of seconds between 1 and 900 seconds \(got 0.5 seconds\)/],
  ['consumerTimeout ≤ 900 s', { consumerTimeout: Duration.seconds(901), visibilityTimeout: Duration.hours(12) }, /consumerTimeout .* between 1 and 900 seconds/],
  ['visibilityTimeout ≥ 6 × consumerTimeout', { consumerTimeout: Duration.seconds(60), visibilityTimeout: Duration.seconds(359) }, /visibilityTimeout must be .* between 6 × consumerTimeout \(360\) and 43200 seconds \(got 359 seconds\)/],
  ['visibilityTimeout ≤ 12 h', { visibilityTimeout: Duration.seconds(43_201) }, /visibilityTimeout .*43200 seconds/],
  ['retentionPeriod ≥ 60 s', { retentionPeriod: Duration.seconds(59), oldestMessageAgeThreshold: Duration.seconds(59), idempotencyTtl: Duration.days(1) }, /retentionPeriod must be a whole number of seconds between 60 and 1209600 seconds \(got 59 seconds\)/],
  ['retentionPeriod ≤ 14 days', { retentionPeriod: Duration.days(15), idempotencyTtl: Duration.days(30) }, /retentionPeriod .* between 60 and 1209600 seconds/],
  ['maxMessageBytes ≥ 1024', { maxMessageBytes: 1023 }, /maxMessageBytes must be an integer between 1024 and 1048576 \(got 1023\)/],
  ['maxMessageBytes ≤ 1 MiB', { maxMessageBytes: 1_048_577 }, /maxMessageBytes must be an integer between 1024 and 1048576/],
  ['batchSize ≥ 1', { batchSize: 0 }, /batchSize must be an integer between 1 and 10000 \(got 0\)/],
  ['batchSize ≤ 10000', { batchSize: 10_001, maxBatchingWindow: Duration.seconds(1) }, /batchSize must be an integer between 1 and 10000/],
  ['batchSize ≤ 10 when fifo', { fifo: true, batchSize: 11 }, /batchSize must be an integer between 1 and 10 when fifo is true \(got 11\)/],
  ['batchSize > 10 needs maxBatchingWindow ≥ 1 s', { batchSize: 11 }, /batchSize above 10 requires maxBatchingWindow of at least 1 second/],
  ['maxBatchingWindow ≤ 300 s', { maxBatchingWindow: Duration.seconds(301) }, /maxBatchingWindow must be a whole number of seconds between 0 and 300 seconds/],
  ['maxBatchingWindow not with fifo', { fifo: true, maxBatchingWindow: Duration.seconds(1) }, /maxBatchingWindow is not supported when fifo is true/],
  ['maxConcurrency ≥ 2', { maxConcurrency: 1 }, /maxConcurrency must be an integer between 2 and 1000 \(got 1\)/],
  ['maxConcurrency ≤ 1000', { maxConcurrency: 1001 }, /maxConcurrency must be an integer between 2 and 1000/],
  ['minimumPollers ≥ 2', { minimumPollers: 1 }, /minimumPollers must be an integer between 2 and 200 \(got 1\)/],
  ['maximumPollers ≤ 2000', { maximumPollers: 2001 }, /maximumPollers must be an integer between 2 and 2000/],
  ['maximumPollers ≥ minimumPollers', { minimumPollers: 10, maximumPollers: 5 }, /maximumPollers must be at least minimumPollers \(got maximumPollers 5, minimumPollers 10\)/],
  ['consumerMemorySize ≥ 128', { consumerMemorySize: 127 }, /consumerMemorySize must be an integer between 128 and 10240 \(got 127\)/],
  ['consumerMemorySize ≤ 10240', { consumerMemorySize: 10_241 }, /consumerMemorySize must be an integer between 128 and 10240/],
  ['producerMemorySize ≥ 128', { producerMemorySize: 64 }, /producerMemorySize must be an integer between 128 and 10240 \(got 64\)/],
  ['producerMemorySize ≤ 10240', { producerMemorySize: 20_000 }, /producerMemorySize must be an integer between 128 and 10240/],
  ['apiRateLimit > 0', { apiRateLimit: 0 }, /apiRateLimit must be greater than 0 and at most 10000 requests per second \(got 0\)/],
  ['apiRateLimit ≤ 10000', { apiRateLimit: 10_001 }, /apiRateLimit must be greater than 0 and at most 10000/],
  ['apiBurstLimit ≥ 0', { apiBurstLimit: -1 }, /apiBurstLimit must be an integer between 0 and 5000 \(got -1\)/],
  ['apiBurstLimit ≤ 5000', { apiBurstLimit: 5001 }, /apiBurstLimit must be an integer between 0 and 5000/],
  ['idempotencyTtl ≥ retentionPeriod', { retentionPeriod: Duration.days(14) }, /idempotencyTtl must be .* between retentionPeriod \(1209600\) and 365 days \(31536000\) \(got 604800 seconds\)/],
  ['idempotencyTtl ≤ 365 days', { idempotencyTtl: Duration.days(366) }, /idempotencyTtl .* 365 days/],
  ['endToEndLatencySlo > 0', { endToEndLatencySlo: Duration.millis(0) }, /endToEndLatencySlo must be greater than 0 milliseconds \(got 0 milliseconds\)/],
  ['oldestMessageAgeThreshold ≥ 60 s', { oldestMessageAgeThreshold: Duration.seconds(59) }, /oldestMessageAgeThreshold must be between 60 seconds and retentionPeriod \(345600 seconds\) \(got 59 seconds\)/],
  ['oldestMessageAgeThreshold ≤ retentionPeriod', { retentionPeriod: Duration.hours(1), oldestMessageAgeThreshold: Duration.hours(2) }, /oldestMessageAgeThreshold must be between 60 seconds and retentionPeriod \(3600 seconds\)/],
  ['consumerErrorRateThreshold > 0', { consumerErrorRateThreshold: 0 }, /consumerErrorRateThreshold must be greater than 0 and at most 1 \(got 0\)/],
  ['consumerErrorRateThreshold ≤ 1', { consumerErrorRateThreshold: 1.5 }, /consumerErrorRateThreshold must be greater than 0 and at most 1/],
  ['messageFailureRateThreshold > 0', { messageFailureRateThreshold: 0 }, /ConveyorQueue: messageFailureRateThreshold must be greater than 0 and at most 1 \(got 0\)/],
  ['messageFailureRateThreshold ≤ 1', { messageFailureRateThreshold: 1.01 }, /messageFailureRateThreshold must be greater than 0 and at most 1 \(got 1.01\)/],
  ['apiDailyQuota ≥ 1', { apiDailyQuota: 0 }, /ConveyorQueue: apiDailyQuota must be an integer between 1 and 2147483647 \(got 0\)/],
  ['apiDailyQuota ≤ 2147483647', { apiDailyQuota: 2_147_483_648 }, /apiDailyQuota must be an integer between 1 and 2147483647/],
  ['apiDailyQuota is an integer', { apiDailyQuota: 99.5 }, /apiDailyQuota must be an integer between 1 and 2147483647 \(got 99.5\)/],
  ['alarmEmail is an email address', { alarmEmail: 'ops at example' }, /alarmEmail must be an email address like name@example.com \(got "ops at example"\)/],
  ['removalPolicy is not SNAPSHOT (DynamoDB cannot)', { removalPolicy: RemovalPolicy.SNAPSHOT }, /removalPolicy must be one of retain, destroy, retain-on-update-or-delete \(got snapshot\)/],
  ['removalPolicy is a RemovalPolicy', { removalPolicy: 'keep' as RemovalPolicy }, /removalPolicy must be one of retain, destroy, retain-on-update-or-delete \(got keep\)/],
  ['logRetention is a RetentionDays value', { logRetention: 8 as RetentionDays }, /logRetention must be a RetentionDays value \(1, 3, 5, 7/],
  ['serviceName is not empty', { serviceName: '' }, /serviceName must be a string of 1 to 255 characters/],
  ['serviceName ≤ 255 characters', { serviceName: 'x'.repeat(256) }, /serviceName must be a string of 1 to 255 characters/],
  ['metricsNamespace uses allowed characters', { metricsNamespace: 'Con*veyor' }, /metricsNamespace must be 1 to 255 characters of \[A-Za-z0-9._\/#: -\]/],
  ['metricsNamespace does not start with AWS/', { metricsNamespace: 'AWS/Conveyor' }, /metricsNamespace .* must not start with AWS\//],
];

describe('validateConveyorQueueProps', () => {
  describe('rejects', () => {
    it.each(INVALID)('%s', (rule, props, message) => {
      // Each rule's label starts with the prop it checks, the one the error puts in `setting`.
      const prop = rule.split(' ')[0]!;

      expect(() => buildConveyor(props)).toThrow(constructError('INVALID_PROP', prop));
      expect(() => buildConveyor(props)).toThrow(message);
    });
  });

  describe('accepts the edges of each range', () => {
    const edges: [string, ConveyorQueueProps][] = [
      ['maxReceiveCount 2 and 1000', { maxReceiveCount: 2 }],
      ['no retries (retryBudget 0)', { retryBudget: Duration.seconds(0) }],
      ['one fixed delay (retryBaseDelay = retryMaxDelay = 900 s)', { retryBaseDelay: Duration.seconds(900), retryMaxDelay: Duration.seconds(900) }],
      ['consumerTimeout 900 s with visibilityTimeout 12 h', { consumerTimeout: Duration.seconds(900), visibilityTimeout: Duration.hours(12) }],
      ['visibilityTimeout exactly 6 × consumerTimeout', { consumerTimeout: Duration.seconds(10), visibilityTimeout: Duration.seconds(60) }],
      ['retentionPeriod 60 s', { retentionPeriod: Duration.seconds(60), oldestMessageAgeThreshold: Duration.seconds(60) }],
      ['retentionPeriod 14 days with idempotencyTtl 14 days', { retentionPeriod: Duration.days(14), idempotencyTtl: Duration.days(14) }],
      ['maxMessageBytes 1024', { maxMessageBytes: 1024 }],
      ['batchSize 10000 with a 1 s window', { batchSize: 10_000, maxBatchingWindow: Duration.seconds(1) }],
      ['batchSize 10 when fifo', { fifo: true, batchSize: 10 }],
      ['maxBatchingWindow 0 when fifo', { fifo: true, maxBatchingWindow: Duration.seconds(0) }],
      ['maxConcurrency 2', { maxConcurrency: 2 }],
      ['minimumPollers 200 and maximumPollers 2000', { minimumPollers: 200, maximumPollers: 2000 }],
      ['maximumPollers 2 alone (minimumPollers at its default, 2)', { maximumPollers: 2 }],
      ['memory 128 and 10240', { consumerMemorySize: 10_240, producerMemorySize: 128 }],
      ['apiRateLimit 0.5 and apiBurstLimit 0', { apiRateLimit: 0.5, apiBurstLimit: 0 }],
      ['idempotencyTtl 365 days', { idempotencyTtl: Duration.days(365) }],
      ['consumerErrorRateThreshold 1', { consumerErrorRateThreshold: 1 }],
      ['messageFailureRateThreshold 1', { messageFailureRateThreshold: 1 }],
      ['apiDailyQuota 1', { apiDailyQuota: 1 }],
      ['oldestMessageAgeThreshold = retentionPeriod', { retentionPeriod: Duration.hours(1), oldestMessageAgeThreshold: Duration.hours(1) }],
      ['removalPolicy RETAIN_ON_UPDATE_OR_DELETE', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE }],
    ];

    it.each(edges)('%s', (_case, props) => {
      expect(() => buildConveyor(props)).not.toThrow();
    });
  });

  describe('skips unresolved tokens', () => {
    it('for numbers', () => {
      const stack = testStack();
      const n = (id: string) => numberToken(stack, id);

      const build = () =>
        new ConveyorQueue(stack, 'Conveyor', {
          maxReceiveCount: n('MaxReceiveCount'),
          maxMessageBytes: n('MaxMessageBytes'),
          consumerMemorySize: n('ConsumerMemory'),
          producerMemorySize: n('ProducerMemory'),
          apiRateLimit: n('Rate'),
          apiBurstLimit: n('Burst'),
          maxConcurrency: n('Concurrency'),
          consumerErrorRateThreshold: n('ErrorRate'),
          messageFailureRateThreshold: n('FailureRate'),
          apiDailyQuota: n('Quota'),
        });

      expect(build).not.toThrow();
    });

    it('for durations', () => {
      const stack = testStack();
      const seconds = (id: string) => Duration.seconds(numberToken(stack, id));

      const build = () =>
        new ConveyorQueue(stack, 'Conveyor', {
          consumerTimeout: seconds('ConsumerTimeout'),
          visibilityTimeout: seconds('Visibility'),
          retentionPeriod: seconds('Retention'),
          idempotencyTtl: seconds('Ttl'),
          oldestMessageAgeThreshold: seconds('OldestAge'),
          endToEndLatencySlo: Duration.millis(numberToken(stack, 'Slo')),
        });

      expect(build).not.toThrow();
    });

    it('for strings', () => {
      const stack = testStack();

      const build = () => new ConveyorQueue(stack, 'Conveyor', { alarmEmail: Token.asString({ Ref: 'Email' }), serviceName: Token.asString({ Ref: 'Service' }) });

      expect(build).not.toThrow();
    });

    it('but still checks the resolved side of a cross-prop rule', () => {
      const stack = testStack();

      const build = () => new ConveyorQueue(stack, 'Conveyor', { maxReceiveCount: numberToken(stack), consumerMemorySize: 64 });

      expect(build).toThrow(/consumerMemorySize/);
    });
  });
});

describe('findPropProblem', () => {
  const resolved = (props: ConveyorQueueProps) => resolveConveyorQueueProps(testStack(), props);

  it('finds nothing in valid props', () => {
    expect(findPropProblem(resolved({}))).toBeUndefined();
  });

  it('returns the first broken rule’s prop and text, the prop named as asked', () => {
    const props = resolved({ maxReceiveCount: 1 });

    expect(findPropProblem(props)).toEqual({ prop: 'maxReceiveCount', problem: expect.stringMatching(/^maxReceiveCount must be an integer between/) });
    expect(findPropProblem(props, (prop) => `queues.ledger.${prop}`)?.problem).toMatch(/^queues\.ledger\.maxReceiveCount must be an integer between/);
  });
});
