import { describe, expect, it } from 'vitest';
import { costPerMillion, loadPriceTable } from '../../../bench/cost/cost-model.js';
import { COMMIT_TRIES, LEDGER_TRANSACTION_ITEMS, type RetriedAttemptParams, retriedAttemptUsage } from '../../../bench/cost/retry-attempt.js';
import { benchError } from '../bench-error.js';

/** The repository's price table: expectations are computed from its figures, not restated. */
const { prices } = loadPriceTable();

/** 200 ms at 512 MB = 0.1 GB-s per invocation. */
const measured = { consumerDurationMs: 200, consumerMemoryMb: 512, messageBytes: 1024 } as const;

function params(overrides: Partial<RetriedAttemptParams> = {}): RetriedAttemptParams {
  return { ...measured, queueType: 'standard', failingTogether: 10, failure: 'transactionFailed', ...overrides };
}

describe('retriedAttemptUsage', () => {
  describe('standard queue, a delayed copy', () => {
    it('ten failing together: a tenth of a send, of a receive and of a delete, a tenth of an invocation', () => {
      // Act
      const usage = retriedAttemptUsage(params());

      // Assert
      expect(usage.sqsCalls).toEqual({ SendMessageBatch: 0.1, ReceiveMessage: 0.1, DeleteMessageBatch: 0.1 });
      expect(usage.sqsRequests).toBeCloseTo(0.3, 12); // 10 KB per send and receive: one 64 KB chunk each
      expect(usage.lambda.invocations).toBeCloseTo(0.1, 12);
      expect(usage.lambda.gbSeconds).toBeCloseTo(0.01, 12); // 0.2 s × 0.5 GB / 10
      expect(usage.apiRequests).toBe(0);
      expect(usage.dynamodb).toEqual({ writeUnits: 0, readUnits: 0.5 }); // the eventually consistent peek
    });

    it('one failing alone and coming back alone: a whole send, receive, delete and invocation', () => {
      // Act
      const usage = retriedAttemptUsage(params({ failingTogether: 1 }));

      // Assert
      expect(usage.sqsCalls).toEqual({ SendMessageBatch: 1, ReceiveMessage: 1, DeleteMessageBatch: 1 });
      expect(usage.sqsRequests).toBe(3);
      expect(usage.lambda.invocations).toBe(1);
      expect(usage.lambda.gbSeconds).toBeCloseTo(0.1, 12);
    });

    it('one failing alone that comes back among nine others: 1 + 0.1 + 0.1 requests, a tenth of an invocation', () => {
      // Act
      const usage = retriedAttemptUsage(params({ failingTogether: 1, messagesPerReceive: 10 }));

      // Assert
      expect(usage.sqsRequests).toBeCloseTo(1.2, 12);
      expect(usage.lambda.invocations).toBeCloseTo(0.1, 12);
    });

    it('bills 64 KB chunks: ten 10 KB copies = 100 KB = 2 chunks per send and per receive, / 10, + 0.1 delete = 0.5', () => {
      expect(retriedAttemptUsage(params({ messageBytes: 10 * 1024 })).sqsRequests).toBeCloseTo(0.5, 12);
    });
  });

  describe('FIFO queue, in place', () => {
    it('ten failing together: a tenth of a visibility change and of the next receive, no copy and no extra delete', () => {
      // Act
      const usage = retriedAttemptUsage(params({ queueType: 'fifo' }));

      // Assert
      expect(usage.sqsCalls).toEqual({ ChangeMessageVisibilityBatch: 0.1, ReceiveMessage: 0.1 });
      expect(usage.sqsRequests).toBeCloseTo(0.2, 12);
      expect(usage.lambda.invocations).toBeCloseTo(0.1, 12);
    });
  });

  describe("the failed attempt's DynamoDB requests", () => {
    it('DynamoDB down: the failed requests are not billed', () => {
      expect(retriedAttemptUsage(params({ failure: 'dynamodbDown' })).dynamodb).toEqual({ writeUnits: 0, readUnits: 0 });
    });

    it('transaction refused on every try: the peek (½ RRU) and each cancelled transaction at 2 WRU an item', () => {
      // Act
      const usage = retriedAttemptUsage(params({ failure: 'transactionRefused' }));

      // Assert
      expect(usage.dynamodbRequests).toEqual({ GetItem: 1, TransactWriteItems: COMMIT_TRIES * LEDGER_TRANSACTION_ITEMS });
      expect(usage.dynamodb).toEqual({ writeUnits: COMMIT_TRIES * LEDGER_TRANSACTION_ITEMS * 2, readUnits: 0.5 });
    });

    it("a locked handler's failure: the lock's put and its release, 1 WRU each", () => {
      expect(retriedAttemptUsage(params({ failure: 'lockedHandlerFailed' })).dynamodb).toEqual({ writeUnits: 2, readUnits: 0 });
    });
  });

  describe('priced with the price table, per 1M retried attempts', () => {
    // Per 1M attempts: n requests (or units) per attempt cost n × the table's price per 1M.
    const lambda = (invocations: number, gbSeconds: number) => invocations * prices.lambdaRequests.usd + gbSeconds * 1_000_000 * prices.lambdaDurationArm64.usd;

    it('standard, ten together, transaction failed: 0.3 SQS requests + 0.1 invocation of 0.1 GB-s + ½ RRU', () => {
      // Act
      const cost = costPerMillion(retriedAttemptUsage(params()), loadPriceTable());

      // Assert
      expect(cost.byService.sqs).toBeCloseTo(0.3 * prices.sqsStandardRequests.usd, 12);
      expect(cost.byService.dynamodbReads).toBeCloseTo(0.5 * prices.dynamodbReadRequestUnits.usd, 12);
      expect(cost.byService.apiGateway).toBe(0);
      expect(cost.total).toBeCloseTo(0.3 * prices.sqsStandardRequests.usd + lambda(0.1, 0.01) + 0.5 * prices.dynamodbReadRequestUnits.usd, 9);
    });

    it('standard, one alone, transaction failed: 3 SQS requests + 1 invocation of 0.1 GB-s + ½ RRU', () => {
      // Act
      const cost = costPerMillion(retriedAttemptUsage(params({ failingTogether: 1 })), loadPriceTable());

      // Assert
      expect(cost.total).toBeCloseTo(3 * prices.sqsStandardRequests.usd + lambda(1, 0.1) + 0.5 * prices.dynamodbReadRequestUnits.usd, 9);
    });

    it('FIFO, ten together, transaction refused: 0.2 requests at the FIFO price + 0.1 invocation + the refused transactions', () => {
      // Act
      const cost = costPerMillion(retriedAttemptUsage(params({ queueType: 'fifo', failure: 'transactionRefused' })), loadPriceTable(), { queueType: 'fifo' });

      // Assert
      const writeUnits = COMMIT_TRIES * LEDGER_TRANSACTION_ITEMS * 2;
      expect(cost.byService.sqs).toBeCloseTo(0.2 * prices.sqsFifoRequests.usd, 12);
      expect(cost.byService.dynamodbWrites).toBeCloseTo(writeUnits * prices.dynamodbWriteRequestUnits.usd, 12);
      expect(cost.total).toBeCloseTo(0.2 * prices.sqsFifoRequests.usd + lambda(0.1, 0.01) + writeUnits * prices.dynamodbWriteRequestUnits.usd + 0.5 * prices.dynamodbReadRequestUnits.usd, 9);
    });
  });

  describe('invalid input', () => {
    it('rejects a negative duration, naming it', () => {
      expect(() => retriedAttemptUsage(params({ consumerDurationMs: -1 }))).toThrow(benchError('INVALID_COST_INPUT', 'consumerDurationMs'));
    });

    it.each([0, 11, 1.5, Number.NaN])('rejects failingTogether %s: an integer from 1 to 10', (failingTogether) => {
      expect(() => retriedAttemptUsage(params({ failingTogether }))).toThrow(benchError('INVALID_COST_INPUT', 'failingTogether'));
    });

    it('rejects messagesPerReceive outside 1..10, naming it', () => {
      expect(() => retriedAttemptUsage(params({ messagesPerReceive: 0 }))).toThrow(benchError('INVALID_COST_INPUT', 'messagesPerReceive'));
    });

    it('rejects an unknown failure, naming the parameter', () => {
      expect(() => retriedAttemptUsage(params({ failure: 'cosmicRay' as never }))).toThrow(benchError('INVALID_COST_INPUT', 'failure'));
    });

    it('rejects an unknown queue type, naming it', () => {
      expect(() => retriedAttemptUsage(params({ queueType: 'priority' as never }))).toThrow(benchError('INVALID_COST_INPUT', 'queueType'));
    });

    it('rejects an unknown parameter, naming it', () => {
      expect(() => retriedAttemptUsage({ ...params(), retries: 2 } as never)).toThrow(benchError('INVALID_COST_INPUT', 'retries'));
    });
  });
});
