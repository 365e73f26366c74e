import type { PriceEntry, PriceKey, PriceTable } from '../../../bench/cost/prices.js';

/** A price entry with a placeholder source, for hand-computed expectations. */
export function price(usd: number, unit: PriceEntry['unit']): PriceEntry {
  return { usd, unit, source: 'https://aws.amazon.com/pricing/', checked: '2026-11-28' };
}

/** The us-east-1 figures of `bench/cost/prices.json`, fixed here so the tests' arithmetic does not move with the table. */
export function priceTable(overrides: Partial<Record<PriceKey, PriceEntry>> = {}): PriceTable {
  return {
    region: 'us-east-1',
    currency: 'USD',
    retrieved: '2026-11-28',
    prices: {
      apiGatewayRestRequests: price(3.5, '1M requests'),
      apiGatewayHttpRequests: price(1, '1M requests'),
      lambdaRequests: price(0.2, '1M requests'),
      lambdaDurationArm64: price(0.0000133334, 'GB-second'),
      lambdaDurationX86: price(0.0000166667, 'GB-second'),
      sqsStandardRequests: price(0.4, '1M requests'),
      sqsFifoRequests: price(0.5, '1M requests'),
      dynamodbWriteRequestUnits: price(0.625, '1M write request units'),
      dynamodbReadRequestUnits: price(0.125, '1M read request units'),
      cloudwatchLogsIngestion: price(0.5, 'GB'),
      cloudwatchCustomMetrics: price(0.3, 'metric-month'),
      ...overrides,
    },
  };
}
