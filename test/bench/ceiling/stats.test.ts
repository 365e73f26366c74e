import { describe, expect, it } from 'vitest';
import { addCounts, diffCounts, OperationCounter, perMessage, pickBest, summarize } from '../../../bench/ceiling/stats.js';

describe('summarize', () => {
  it('gives the middle value of an odd series, with min and max', () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
  });

  it('averages the two middle values of an even series', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('is NaN for no values', () => {
    expect(summarize([]).median).toBeNaN();
  });
});

describe('OperationCounter', () => {
  it('counts per service and operation', () => {
    const counter = new OperationCounter();

    counter.add('sqs', 'ReceiveMessage');
    counter.add('sqs', 'ReceiveMessage');
    counter.add('dynamodb', 'GetItem', 3);

    expect(counter.snapshot()).toEqual({ sqs: { ReceiveMessage: 2 }, dynamodb: { GetItem: 3 } });
  });
});

describe('diffCounts / addCounts', () => {
  it('subtracts per operation and leaves out what did not change', () => {
    const before = { sqs: { ReceiveMessage: 2, SendMessageBatch: 5 } };
    const after = { sqs: { ReceiveMessage: 7, SendMessageBatch: 5 }, dynamodb: { GetItem: 4 } };

    expect(diffCounts(after, before)).toEqual({ sqs: { ReceiveMessage: 5 }, dynamodb: { GetItem: 4 } });
  });

  it('adds per operation without changing its inputs', () => {
    const a = { sqs: { ReceiveMessage: 1 } };

    expect(addCounts(a, { sqs: { ReceiveMessage: 2, DeleteMessageBatch: 1 } })).toEqual({ sqs: { ReceiveMessage: 3, DeleteMessageBatch: 1 } });
    expect(a).toEqual({ sqs: { ReceiveMessage: 1 } });
  });
});

describe('perMessage', () => {
  it('divides sends by the messages sent and everything else by the messages processed', () => {
    const counts = { sqs: { SendMessageBatch: 11, ReceiveMessage: 10 }, dynamodb: { TransactWriteItems: 100 } };

    const result = perMessage(counts, { sent: 110, processed: 100 });

    expect(result).toEqual({ sqs: { SendMessageBatch: 0.1, ReceiveMessage: 0.1 }, dynamodb: { TransactWriteItems: 1 } });
  });

  it('rounds to three decimals and is NaN without messages', () => {
    expect(perMessage({ sqs: { ReceiveMessage: 1 } }, { sent: 0, processed: 3 }).sqs?.ReceiveMessage).toBe(0.333);
    expect(perMessage({ sqs: { ReceiveMessage: 1 } }, { sent: 3, processed: 0 }).sqs?.ReceiveMessage).toBeNaN();
  });
});

describe('pickBest', () => {
  it('picks the highest rate, and the lower concurrency on a tie', () => {
    const sweep = [
      { concurrency: 4, messagesPerSecond: 300 },
      { concurrency: 8, messagesPerSecond: 420 },
      { concurrency: 16, messagesPerSecond: 420 },
    ];

    expect(pickBest(sweep)?.concurrency).toBe(8);
  });

  it('is undefined for an empty sweep', () => {
    expect(pickBest([])).toBeUndefined();
  });
});
