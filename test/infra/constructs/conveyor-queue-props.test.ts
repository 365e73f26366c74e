import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import {
  CONVEYOR_QUEUE_PROP_KEYS,
  rejectUnknownProps,
  resolveConveyorQueueProps,
  type ConveyorQueueProps,
} from '../../../infra/constructs/conveyor-queue-props.js';
import { ConveyorPropsError, UnknownConveyorPropError } from '../../../infra/constructs/errors.js';
import { buildConveyor, customProps, numberToken, testStack } from '../factories.js';

describe('resolveConveyorQueueProps', () => {
  it('applies every default', () => {
    const stack = testStack({ stackName: 'Orders' });

    const resolved = resolveConveyorQueueProps(stack);

    expect(resolved).toEqual({
      fifo: false,
      maxReceiveCount: 5,
      consumerTimeout: Duration.seconds(30),
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      maxMessageBytes: 262_144,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      maxConcurrency: undefined,
      consumerMemorySize: 512,
      producerMemorySize: 512,
      apiRateLimit: 100,
      apiBurstLimit: 200,
      apiDailyQuota: undefined,
      idempotencyTtl: Duration.days(7),
      endToEndLatencySlo: Duration.seconds(1),
      oldestMessageAgeThreshold: Duration.minutes(5),
      consumerErrorRateThreshold: 0.05,
      messageFailureRateThreshold: 0.05,
      alarmEmail: undefined,
      removalPolicy: RemovalPolicy.RETAIN,
      logRetention: RetentionDays.ONE_MONTH,
      serviceName: 'Orders',
      metricsNamespace: 'Conveyor',
    });
  });

  it('keeps every given value', () => {
    const props = customProps();

    const resolved = resolveConveyorQueueProps(testStack(), props);

    expect(resolved).toEqual({ fifo: false, ...props });
  });

  it('derives visibilityTimeout as 6 × consumerTimeout', () => {
    const resolved = resolveConveyorQueueProps(testStack(), { consumerTimeout: Duration.seconds(45) });

    expect(resolved.visibilityTimeout.toSeconds()).toBe(270);
  });

  it('requires visibilityTimeout when consumerTimeout is a token', () => {
    const stack = testStack();
    const consumerTimeout = Duration.seconds(numberToken(stack));

    expect(() => resolveConveyorQueueProps(stack, { consumerTimeout })).toThrow(/visibilityTimeout must be set explicitly/);
  });

  it('accepts a token consumerTimeout with an explicit visibilityTimeout', () => {
    const stack = testStack();
    const consumerTimeout = Duration.seconds(numberToken(stack));

    const resolved = resolveConveyorQueueProps(stack, { consumerTimeout, visibilityTimeout: Duration.minutes(15) });

    expect(Token.isUnresolved(resolved.consumerTimeout.toSeconds())).toBe(true);
  });
});

describe('rejectUnknownProps', () => {
  it('accepts every documented key', () => {
    const all = Object.fromEntries(CONVEYOR_QUEUE_PROP_KEYS.map((k) => [k, undefined]));

    expect(() => rejectUnknownProps(all)).not.toThrow();
  });

  it('rejects an unknown key, naming it', () => {
    const props = { maxRecieveCount: 3 } as unknown as ConveyorQueueProps;

    expect(() => rejectUnknownProps(props)).toThrow(UnknownConveyorPropError);
    expect(() => rejectUnknownProps(props)).toThrow(/unknown prop maxRecieveCount; known props are fifo, maxReceiveCount/);
  });

  it('is applied by the construct', () => {
    const props = { batchsize: 5 } as unknown as ConveyorQueueProps;

    expect(() => buildConveyor(props)).toThrow(/batchsize/);
  });

  it('reports the unknown key on the error', () => {
    try {
      rejectUnknownProps({ nope: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConveyorPropsError);
      expect((error as ConveyorPropsError).prop).toBe('nope');
    }
  });
});
