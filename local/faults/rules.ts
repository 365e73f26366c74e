/**
 * Fault rules as users write them (JSON), modelled on LocalStack's chaos API
 * (`/_localstack/chaos/faults`). `schema.ts` validates them; `fault-store.ts` applies them.
 */
import type { AwsCall } from './decisions.js';

/** The AWS services whose calls go through the local AWS endpoint. */
export const AWS_FAULT_SERVICES = ['sqs', 'dynamodb'] as const;

/** `sqs` or `dynamodb`. */
export type AwsFaultService = (typeof AWS_FAULT_SERVICES)[number];

/** The AWS-shaped error an {@link AwsFaultRule} answers with. */
export interface AwsFaultRuleError {
  /** Error code, e.g. `ProvisionedThroughputExceededException`; becomes the SDK exception's `name`. */
  readonly code: string;
  /** HTTP status, 400–599. @default 400 */
  readonly statusCode?: number;
  /** @default `Injected fault: <code>` */
  readonly message?: string;
}

/** Injects an error and/or latency into SQS or DynamoDB calls. At least one of `error` / `latencyMs`. */
export interface AwsFaultRule {
  readonly service: AwsFaultService;
  /** API operation, e.g. `PutItem` (case-insensitive). @default every operation */
  readonly operation?: string;
  /** Region from the request's SigV4 credential scope, e.g. `us-east-1`. @default every region */
  readonly region?: string;
  /** Only calls made by this function (short name, case-insensitive), or `EventSourceMapping`. @default every caller */
  readonly function?: string;
  /** Chance that the rule fires on a matching call, 0..1. @default 1 */
  readonly probability?: number;
  /** Fire at most this many times, then stay in place inactive (e.g. "fail the next 2 calls"). @default unlimited */
  readonly times?: number;
  /** Answer with this error instead of forwarding the request. */
  readonly error?: AwsFaultRuleError;
  /** Delay before forwarding (or before the error), 0..60000 ms. */
  readonly latencyMs?: number;
}

/** How a function rule crashes the instance. */
export interface CrashSpec {
  /** Crash this long after the handler starts: a fixed number of ms or a uniform `[min, max]` range. @default [0, 100] */
  readonly afterMs?: number | readonly [number, number];
}

/** Crashes and/or delays function invocations. At least one of `crash` / `latencyMs`. */
export interface FunctionFaultRule {
  readonly service: 'lambda';
  /** Short name (`Consumer`), logical id or function name, case-insensitive. @default every function */
  readonly function?: string;
  /** Chance that the rule fires on a matching invocation, 0..1. @default 1 */
  readonly probability?: number;
  /** Fire at most this many times, then stay in place inactive (e.g. "fail the next 2 calls"). @default unlimited */
  readonly times?: number;
  /** Stop the instance mid-invocation; `true` means `{}` (after a uniform 0–100 ms). */
  readonly crash?: true | CrashSpec;
  /** Delay before the event reaches the handler, 0..900000 ms (it counts against the function's timeout). */
  readonly latencyMs?: number;
}

/** One rule of the fault store. */
export type FaultRule = AwsFaultRule | FunctionFaultRule;

/**
 * An {@link AwsCall} with the region the request was signed for. The AWS proxy passes it so rules
 * with `region` can match; a rule with `region` never matches a call whose region is unknown.
 */
export interface RegionalAwsCall extends AwsCall {
  /** From the SigV4 credential scope, e.g. `us-east-1`. */
  readonly region?: string;
}

/** How often a rule matched a call and how often it fired (matched and won its probability roll). */
export interface FaultRuleStats {
  readonly rule: FaultRule;
  readonly matched: number;
  readonly fired: number;
}
