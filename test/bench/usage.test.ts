import { describe, expect, it } from 'vitest';
import type { FunctionStats, RequestCount } from '../../bench/support/bench-runtime.js';
import { measuredUsage } from '../../bench/usage.js';

const count = (requests: number, bytes = 1000): RequestCount => ({ requests, errors: 0, injected: 0, requestBytes: bytes * requests, responseBytes: 100 * requests });
const fn = (invocations: number, billedMs: number, memoryMb = 512): FunctionStats => ({ invocations, billedMs, memoryMb, coldStarts: 0, busy: 0, queued: 0 });

describe('measuredUsage', () => {
  it('turns 100 batch-ingested messages into usage per message', () => {
    const usage = measuredUsage({
      messages: 100,
      apiRequests: 10,
      requests: {
        sqs: {
          SendMessageBatch: { Producer: count(10, 3000) },
          ReceiveMessage: { EventSourceMapping: count(12, 100) },
          DeleteMessageBatch: { EventSourceMapping: count(10) },
          GetQueueAttributes: { '-': count(50) }, // the benchmark's own polling: not billed to messages
        },
        dynamodb: {
          GetItem: { Consumer: count(100) },
          TransactWriteItems: { Consumer: count(100) },
          Scan: { '-': count(40) },
        },
      },
      functionsBefore: { Producer: fn(5, 1000), Consumer: fn(0, 0) },
      functionsAfter: { Producer: fn(15, 2000), Consumer: fn(10, 3000, 1024) },
      stronglyConsistentShare: 0,
    });

    expect(usage.apiRequests).toBe(0.1);
    // 20 invocations / 100; (1 s × 0.5 GB + 3 s × 1 GB) / 100
    expect(usage.lambda.invocations).toBeCloseTo(0.2);
    expect(usage.lambda.gbSeconds).toBeCloseTo(0.035);
    // 10 + 12 + 10 calls, each within one 64 KB chunk
    expect(usage.sqsRequests).toBeCloseTo(0.32);
    expect(usage.sqsCalls).toEqual({ SendMessageBatch: 0.1, ReceiveMessage: 0.12, DeleteMessageBatch: 0.1 });
    // 100 transactions × 2 items × 2 WRU; 100 eventually consistent reads × 0.5 RRU
    expect(usage.dynamodb).toEqual({ writeUnits: 4, readUnits: 0.5 });
    expect(usage.dynamodbRequests).toEqual({ GetItem: 1, TransactWriteItems: 2 });
  });

  it('counts the batched peeks in items, one per delivered message unless told otherwise', () => {
    const usage = (batchGetItems?: number) => measuredUsage({
      messages: 100,
      apiRequests: 10,
      requests: { dynamodb: { BatchGetItem: { Consumer: count(10) }, TransactWriteItems: { Consumer: count(100) } } },
      functionsBefore: {},
      functionsAfter: {},
      stronglyConsistentShare: 0,
      ...(batchGetItems === undefined ? {} : { batchGetItems }),
    });

    // 10 requests of 10 keys: 100 eventually consistent item reads × 0.5 RRU.
    expect(usage().dynamodbRequests.BatchGetItem).toBe(1);
    expect(usage().dynamodb.readUnits).toBe(0.5);
    expect(usage(110).dynamodb.readUnits).toBeCloseTo(0.55, 9);
  });

  it('bills a call over 64 KB as several requests', () => {
    const usage = measuredUsage({
      messages: 10,
      apiRequests: 1,
      requests: { sqs: { SendMessageBatch: { Producer: count(1, 200 * 1024) } } },
      functionsBefore: {},
      functionsAfter: {},
      stronglyConsistentShare: 0,
    });

    expect(usage.sqsRequests).toBeCloseTo(0.4);
  });
});
