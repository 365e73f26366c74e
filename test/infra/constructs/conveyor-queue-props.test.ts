import { Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  CONVEYOR_QUEUE_PROP_KEYS,
  rejectUnknownProps,
  resolveConveyorQueueProps,
  type ConveyorQueueProps,
} from '../../../infra/constructs/conveyor-queue-props.js';
import { PROP_SPEC_ENTRIES } from '../../../infra/constructs/prop-specs.js';
import { constructError } from '../construct-error.js';
import { buildConveyor, customProps, numberToken, propertiesOf, synthConveyor, testStack } from '../factories.js';

// Each default is asserted where it lands in the template (queues, functions, conveyor-queue,
// observability, ingest-api, tables tests); here, that together they keep the documented rules.
describe('resolveConveyorQueueProps defaults in the synthesized stack', () => {
  it('gives defaults that agree with each other across the stack', () => {
    const synthesized = synthConveyor({}, { stackName: 'Orders' });
    const { conveyor, stack } = synthesized;
    const props = (construct: IConstruct) => propertiesOf(synthesized, construct);
    const env = (fn: 'producer' | 'consumer') => (props(conveyor[fn]).Environment as { Variables: Record<string, string> }).Variables;
    const queue = props(conveyor.queue);

    // AWS's guidance for Lambda event sources: the visibility timeout is 6 × the function timeout.
    expect(queue.VisibilityTimeout).toBe(6 * (props(conveyor.consumer).Timeout as number));
    // The producer refuses exactly what the queues would refuse.
    expect(Number(env('producer').MAX_MESSAGE_BYTES)).toBe(queue.MaximumMessageSize);
    expect(props(conveyor.deadLetterQueue).MaximumMessageSize).toBe(queue.MaximumMessageSize);
    // The consumer knows the receive count at which SQS dead-letters a message.
    expect(Number(env('consumer').MAX_RECEIVE_COUNT)).toBe((queue.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount);
    // A duplicate can arrive as long as a message lives in the queue; the idempotency record outlives it.
    expect(Number(env('consumer').IDEMPOTENCY_TTL_SECONDS)).toBeGreaterThanOrEqual(queue.MessageRetentionPeriod as number);
    // The oldest-message alarm can fire before the queue drops the message.
    expect(props(conveyor.alarms.oldestMessageAge).Threshold).toBeLessThanOrEqual(queue.MessageRetentionPeriod as number);
    // The service the metrics are published under is the stack's name.
    expect(env('producer').POWERTOOLS_SERVICE_NAME).toBe(stack.stackName);
    expect(env('consumer').POWERTOOLS_SERVICE_NAME).toBe(stack.stackName);
  });
});

describe('resolveConveyorQueueProps', () => {
  it('sets every prop that PROP_SPECS gives a default or a derivation, and leaves only the others unset', () => {
    const withoutDefault = PROP_SPEC_ENTRIES.filter(([, spec]) => !('default' in spec) && spec.derive === undefined).map(([prop]) => prop);

    const resolved = resolveConveyorQueueProps(testStack(), {});

    expect(CONVEYOR_QUEUE_PROP_KEYS.filter((prop) => resolved[prop] === undefined)).toEqual(withoutDefault);
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

    expect(() => resolveConveyorQueueProps(stack, { consumerTimeout })).toThrow(constructError('INVALID_PROP', 'visibilityTimeout'));
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

  it('rejects an unknown key, naming it and listing the known props in table order', () => {
    const props = { maxRecieveCount: 3 } as unknown as ConveyorQueueProps;

    expect(() => rejectUnknownProps(props)).toThrow(constructError('UNKNOWN_PROP', 'maxRecieveCount'));
    expect(() => rejectUnknownProps(props)).toThrow(`unknown prop maxRecieveCount; known props are ${CONVEYOR_QUEUE_PROP_KEYS.join(', ')}`);
  });

  it('is applied by the construct', () => {
    const props = { batchsize: 5 } as unknown as ConveyorQueueProps;

    expect(() => buildConveyor(props)).toThrow(constructError('UNKNOWN_PROP', 'batchsize'));
  });
});
