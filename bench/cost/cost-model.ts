/**
 * The cost model: a design's AWS usage per message → US dollars per 1 000 000 messages, by
 * service, with the on-demand prices of `prices.json` (first paid tier, free tiers ignored).
 * Pure functions. Also re-exports the billing-unit helpers, the reference design's model, the
 * retried attempt's model and `Usage`.
 */
import { BenchError } from '../errors.js';
import { nonNegative, share } from './billing-units.js';
import { type PriceEntry, type PriceTable, priceOf } from './prices.js';
import type { Usage } from './usage.js';

export * from './billing-units.js';
export * from './prices.js';
export * from './reference-design.js';
export * from './retry-attempt.js';
export type { Usage } from './usage.js';

/** Which prices of the table apply. */
export interface CostOptions {
  /** Lambda architecture. @default 'arm64' (both Conveyor functions, `Architectures` in the template) */
  readonly architecture?: 'arm64' | 'x86_64';
  /** SQS queue type. @default 'standard' (Conveyor's queue) */
  readonly queueType?: 'standard' | 'fifo';
  /** API Gateway API type. @default 'rest' (Conveyor's API) */
  readonly apiType?: 'rest' | 'http';
}

/** US dollars per 1 000 000 messages. */
export interface CostBreakdown {
  /** Sum of `byService`. */
  readonly total: number;
  /** Each service's share. */
  readonly byService: {
    /** API Gateway requests. */
    readonly apiGateway: number;
    /** Lambda requests (invocations). */
    readonly lambdaRequests: number;
    /** Lambda duration (GB-seconds). */
    readonly lambdaDuration: number;
    /** SQS requests. */
    readonly sqs: number;
    /** DynamoDB write request units. */
    readonly dynamodbWrites: number;
    /** DynamoDB read request units. */
    readonly dynamodbReads: number;
    /** CloudWatch Logs ingestion, present only when `usage.logGb` is given. */
    readonly logs?: number;
  };
}

/** Messages the breakdown is expressed for. */
export const MESSAGES_PER_QUOTE = 1_000_000;

const OPTION_KEYS = ['architecture', 'queueType', 'apiType'];

function choice<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new BenchError('INVALID_COST_INPUT', `${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  return value;
}

/**
 * Cost of 1 000 000 messages that each use `usage`, in USD, by service.
 * E.g. 2 WRU per message at $0.625 per 1M WRU = $1.25 per 1M messages.
 * Throws `BenchError` `INVALID_COST_INPUT` on a negative or non-finite count or an unknown option.
 */
export function costPerMillion(usage: Usage, prices: PriceTable, options: CostOptions = {}): CostBreakdown {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new BenchError('INVALID_COST_INPUT', `unknown cost option ${key}`);
  const architecture = choice('architecture', options.architecture, ['arm64', 'x86_64'], 'arm64');
  const queueType = choice('queueType', options.queueType, ['standard', 'fifo'], 'standard');
  const apiType = choice('apiType', options.apiType, ['rest', 'http'], 'rest');
  const p = prices.prices;
  const quote = (entry: PriceEntry, name: string, perMessage: number): number => priceOf(entry, nonNegative(`usage.${name}`, perMessage) * MESSAGES_PER_QUOTE);

  const byService = {
    apiGateway: quote(apiType === 'rest' ? p.apiGatewayRestRequests : p.apiGatewayHttpRequests, 'apiRequests', usage.apiRequests),
    lambdaRequests: quote(p.lambdaRequests, 'lambda.invocations', usage.lambda.invocations),
    lambdaDuration: quote(architecture === 'arm64' ? p.lambdaDurationArm64 : p.lambdaDurationX86, 'lambda.gbSeconds', usage.lambda.gbSeconds),
    sqs: quote(queueType === 'standard' ? p.sqsStandardRequests : p.sqsFifoRequests, 'sqsRequests', usage.sqsRequests),
    dynamodbWrites: quote(p.dynamodbWriteRequestUnits, 'dynamodb.writeUnits', usage.dynamodb.writeUnits),
    dynamodbReads: quote(p.dynamodbReadRequestUnits, 'dynamodb.readUnits', usage.dynamodb.readUnits),
    ...(usage.logGb === undefined ? {} : { logs: quote(p.cloudwatchLogsIngestion, 'logGb', usage.logGb) }),
  };
  const total = Object.values(byService).reduce((sum, usd) => sum + usd, 0);
  return { total, byService };
}

/**
 * Cost of 1 000 000 messages of which a share `retriedShare` (0..1) is retried once: `baseline`
 * (per 1M messages, each succeeding first time) plus `retriedShare` × `retriedAttempt` (per 1M
 * retried attempts, see `retriedAttemptUsage`), service by service.
 * E.g. $3.00 + 0.1 × $2.00 = $3.20 per 1M messages.
 * Throws `BenchError` `INVALID_COST_INPUT` when `retriedShare` is not a number in 0..1.
 */
export function costWithRetries(baseline: CostBreakdown, retriedAttempt: CostBreakdown, retriedShare: number): CostBreakdown {
  const retried = share('retriedShare', retriedShare);
  const services = new Set([...Object.keys(baseline.byService), ...Object.keys(retriedAttempt.byService)]) as Set<keyof CostBreakdown['byService']>;
  const byService = Object.fromEntries([...services].map((service) => [service, (baseline.byService[service] ?? 0) + retried * (retriedAttempt.byService[service] ?? 0)])) as unknown as CostBreakdown['byService'];
  const total = Object.values(byService).reduce((sum, usd) => sum + usd, 0);
  return { total, byService };
}
