import { describe, expect, it } from 'vitest';
import { costPerMillion } from '../../../bench/cost/cost-model.js';
import { referenceDesignUsage } from '../../../bench/cost/reference-design.js';
import { benchError } from '../bench-error.js';
import { priceTable } from './support.js';

const measured = { producerDurationMs: 20, consumerDurationMs: 100 };

describe('referenceDesignUsage', () => {
  it('models a new 1 KB message with the defaults', () => {
    // Act
    const usage = referenceDesignUsage(measured);

    // Assert
    expect(usage.apiRequests).toBe(1);
    expect(usage.lambda.invocations).toBeCloseTo(1.1, 12); // producer 1 + consumer 1/10
    expect(usage.lambda.gbSeconds).toBeCloseTo(0.015, 12); // 0.02 s × 0.5 GB + (0.1 s × 0.5 GB) / 10
    expect(usage.sqsCalls).toEqual({ sendMessage: 1, receiveMessage: 0.1, deleteMessageBatch: 0.1 });
    expect(usage.sqsRequests).toBeCloseTo(1.2, 12); // 1 send + 10 KB receive = 1 chunk / 10 + 1 delete / 10
    expect(usage.dynamodbRequests).toEqual({ PutItem: 1, UpdateItem: 2, GetItem: 0 });
    expect(usage.dynamodb).toEqual({ writeUnits: 3, readUnits: 0 }); // in-progress put + effect + complete
    expect(usage).not.toHaveProperty('logGb');
  });

  it('costs $6.275001 per 1M new messages with the defaults and 20 ms / 100 ms durations', () => {
    // Act
    const cost = costPerMillion(referenceDesignUsage(measured), priceTable());

    // Assert: 3.50 API + 0.22 invocations + 15 000 GB-s × 0.0000133334 = 0.200001 + 0.48 SQS + 3 WRU × 0.625 = 1.875
    expect(cost.total).toBeCloseTo(6.275001, 9);
  });

  it('counts a duplicate as the failed conditional put only (1 WRU) where DynamoDB returns the old item', () => {
    // Act
    const usage = referenceDesignUsage({ ...measured, duplicateShare: 1 });

    // Assert
    expect(usage.dynamodb).toEqual({ writeUnits: 1, readUnits: 0 });
  });

  it('adds a strongly consistent GetItem (1 RRU) per duplicate where the old item is not returned (dynalite)', () => {
    // Act: half the messages duplicates → PutItem 1, UpdateItem 0.5 × 2 = 1, GetItem 0.5
    const usage = referenceDesignUsage({ ...measured, duplicateShare: 0.5, returnsItemOnConditionFailure: false });

    // Assert
    expect(usage.dynamodbRequests).toEqual({ PutItem: 1, UpdateItem: 1, GetItem: 0.5 });
    expect(usage.dynamodb).toEqual({ writeUnits: 2, readUnits: 0.5 });
  });

  it('chunks large messages by 64 KB: 100 KB = 2 per send, 1000 KB per receive of 10 = 16 chunks / 10, + 0.1 delete = 3.7', () => {
    expect(referenceDesignUsage({ ...measured, messageBytes: 100 * 1024 }).sqsRequests).toBeCloseTo(3.7, 12);
  });

  it('shares the consumer invocation over its batch: batch of 1 → 2 invocations, 0.01 + 0.05 = 0.06 GB-s', () => {
    // Act
    const usage = referenceDesignUsage({ ...measured, consumerBatchSize: 1 });

    // Assert
    expect(usage.lambda.invocations).toBe(2);
    expect(usage.lambda.gbSeconds).toBeCloseTo(0.06, 12);
  });

  it('adds empty receives as whole requests: 0.5 per message → 1.2 + 0.5 = 1.7', () => {
    expect(referenceDesignUsage({ ...measured, emptyReceivesPerMessage: 0.5 }).sqsRequests).toBeCloseTo(1.7, 12);
  });

  it('adds logs when bytes per invocation are given: 1.1 invocations × 1024 B / 2^30 GB', () => {
    expect(referenceDesignUsage({ ...measured, logBytesPerInvocation: 1024 }).logGb).toBeCloseTo((1.1 * 1024) / 2 ** 30, 15);
  });

  it('reports the parameters it used, defaults filled in', () => {
    expect(referenceDesignUsage(measured).params).toMatchObject({ producerMemoryMb: 512, consumerMemoryMb: 512, consumerBatchSize: 10, duplicateShare: 0, returnsItemOnConditionFailure: true, logBytesPerInvocation: null });
  });

  it('rejects an unknown parameter, naming it', () => {
    expect(() => referenceDesignUsage({ ...measured, batchSize: 10 } as never)).toThrow(benchError('INVALID_COST_INPUT', 'batchSize'));
  });

  it('rejects a missing measured duration, naming it', () => {
    expect(() => referenceDesignUsage({ producerDurationMs: 20 } as never)).toThrow(benchError('INVALID_COST_INPUT', 'consumerDurationMs'));
  });

  it('rejects more than 10 messages per ReceiveMessage', () => {
    expect(() => referenceDesignUsage({ ...measured, messagesPerReceive: 11 })).toThrow(benchError('INVALID_COST_INPUT', 'messagesPerReceive'));
  });
});
