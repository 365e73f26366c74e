import { describe, expect, it } from 'vitest';
import { costPerMillion, costWithRetries, loadPriceTable, type Usage } from '../../../bench/cost/cost-model.js';
import { benchError } from '../bench-error.js';
import { priceTable } from './support.js';

function usage(overrides: Partial<Usage> = {}): Usage {
  return {
    apiRequests: 1,
    lambda: { invocations: 1.1, gbSeconds: 0.01 },
    sqsRequests: 1.2,
    dynamodb: { writeUnits: 3, readUnits: 1 },
    ...overrides,
  };
}

describe('costPerMillion', () => {
  it('prices each service per 1M messages with the arm64, standard-queue, REST defaults', () => {
    // Act
    const cost = costPerMillion(usage(), priceTable());

    // Assert
    expect(cost.byService.apiGateway).toBeCloseTo(3.5, 9); // 1 request × $3.50/M
    expect(cost.byService.lambdaRequests).toBeCloseTo(0.22, 9); // 1.1 invocations × $0.20/M
    expect(cost.byService.lambdaDuration).toBeCloseTo(0.133334, 9); // 0.01 GB-s × 1M = 10 000 GB-s × $0.0000133334
    expect(cost.byService.sqs).toBeCloseTo(0.48, 9); // 1.2 requests × $0.40/M
    expect(cost.byService.dynamodbWrites).toBeCloseTo(1.875, 9); // 3 WRU × $0.625/M
    expect(cost.byService.dynamodbReads).toBeCloseTo(0.125, 9); // 1 RRU × $0.125/M
    expect(cost.total).toBeCloseTo(6.333334, 9); // sum of the above
    expect(cost.byService).not.toHaveProperty('logs');
  });

  it('2 WRU per message at $0.625/M = $1.25 per 1M messages', () => {
    // Arrange
    const writesOnly = usage({ apiRequests: 0, lambda: { invocations: 0, gbSeconds: 0 }, sqsRequests: 0, dynamodb: { writeUnits: 2, readUnits: 0 } });

    // Act
    const cost = costPerMillion(writesOnly, priceTable());

    // Assert
    expect(cost.total).toBeCloseTo(1.25, 12);
  });

  it('uses the x86 duration price when asked: 10 000 GB-s × $0.0000166667 = $0.166667', () => {
    expect(costPerMillion(usage(), priceTable(), { architecture: 'x86_64' }).byService.lambdaDuration).toBeCloseTo(0.166667, 9);
  });

  it('uses the FIFO price when asked: 1.2 requests × $0.50/M = $0.60', () => {
    expect(costPerMillion(usage(), priceTable(), { queueType: 'fifo' }).byService.sqs).toBeCloseTo(0.6, 9);
  });

  it('uses the HTTP API price when asked: 1 request × $1.00/M = $1.00', () => {
    expect(costPerMillion(usage(), priceTable(), { apiType: 'http' }).byService.apiGateway).toBeCloseTo(1, 9);
  });

  it('adds logs when logGb is given: 1e-6 GB per message = 1 GB per 1M × $0.50 = $0.50', () => {
    // Act
    const cost = costPerMillion(usage({ logGb: 1e-6 }), priceTable());

    // Assert
    expect(cost.byService.logs).toBeCloseTo(0.5, 9);
    expect(cost.total).toBeCloseTo(6.833334, 9);
  });

  it('rejects a negative count, naming it', () => {
    expect(() => costPerMillion(usage({ sqsRequests: -1 }), priceTable())).toThrow(benchError('INVALID_COST_INPUT', 'usage.sqsRequests'));
  });

  it('rejects an unknown option, naming it', () => {
    expect(() => costPerMillion(usage(), priceTable(), { region: 'eu-west-1' } as never)).toThrow(benchError('INVALID_COST_INPUT', 'region'));
  });

  it('rejects an unknown architecture, naming the option', () => {
    expect(() => costPerMillion(usage(), priceTable(), { architecture: 'riscv' as never })).toThrow(benchError('INVALID_COST_INPUT', 'architecture'));
  });
});

describe('costWithRetries', () => {
  // Prices from the repository's table: expectations computed from its figures, not restated.
  const table = loadPriceTable();
  const { prices } = table;
  const baseline = costPerMillion(usage(), table);
  // A retried attempt: 0.3 SQS requests, 0.1 invocation of 0.1 GB-s, ½ RRU.
  const retriedAttempt = costPerMillion(usage({ apiRequests: 0, lambda: { invocations: 0.1, gbSeconds: 0.01 }, sqsRequests: 0.3, dynamodb: { writeUnits: 0, readUnits: 0.5 } }), table);

  it('adds the retried share of an attempt to each service: 10 % retried once', () => {
    // Act
    const cost = costWithRetries(baseline, retriedAttempt, 0.1);

    // Assert: per message 1.2 + 0.1 × 0.3 = 1.23 SQS requests, 1.1 + 0.01 invocations, 0.01 + 0.001 GB-s, 1 + 0.05 RRU
    expect(cost.byService.sqs).toBeCloseTo(1.23 * prices.sqsStandardRequests.usd, 12);
    expect(cost.byService.lambdaRequests).toBeCloseTo(1.11 * prices.lambdaRequests.usd, 12);
    expect(cost.byService.lambdaDuration).toBeCloseTo(0.011 * 1_000_000 * prices.lambdaDurationArm64.usd, 9);
    expect(cost.byService.dynamodbReads).toBeCloseTo(1.05 * prices.dynamodbReadRequestUnits.usd, 12);
    expect(cost.byService.apiGateway).toBeCloseTo(prices.apiGatewayRestRequests.usd, 12);
    expect(cost.total).toBeCloseTo(baseline.total + 0.1 * retriedAttempt.total, 12);
  });

  it('is the baseline with no message retried, and baseline + attempt with every one retried once', () => {
    expect(costWithRetries(baseline, retriedAttempt, 0)).toEqual(baseline);
    expect(costWithRetries(baseline, retriedAttempt, 1).total).toBeCloseTo(baseline.total + retriedAttempt.total, 12);
  });

  it('keeps a service only one of the two has (logs)', () => {
    // Arrange
    const withLogs = costPerMillion(usage({ logGb: 1e-6 }), table);

    // Act
    const cost = costWithRetries(withLogs, retriedAttempt, 0.5);

    // Assert: 1 GB per 1M messages
    expect(cost.byService.logs).toBeCloseTo(prices.cloudwatchLogsIngestion.usd, 12);
  });

  it.each([-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the share %s, naming it', (share) => {
    expect(() => costWithRetries(baseline, retriedAttempt, share)).toThrow(benchError('INVALID_COST_INPUT', 'retriedShare'));
  });
});
