/**
 * What the cost model prices: the billable AWS usage of one message through a design. Its own module
 * so that a design's model (`reference-design.ts`) and the model itself (`cost-model.ts`, which
 * re-exports it) both import it without importing each other.
 */
/** Billable AWS usage of one message through a design (averages: fractions are fine). */
export interface Usage {
  /** API Gateway requests. */
  readonly apiRequests: number;
  /** Lambda, summed over every function the message goes through. */
  readonly lambda: {
    /** Invocations (a consumer invocation handling a batch of 10 counts 0.1 per message). */
    readonly invocations: number;
    /** Billed GB-seconds (see `lambdaGbSeconds`), shared the same way. */
    readonly gbSeconds: number;
  };
  /** SQS billed requests, already in 64 KB chunks (see `sqsRequestUnits`). */
  readonly sqsRequests: number;
  /** DynamoDB request units (see `dynamodbUnits`). */
  readonly dynamodb: {
    /** Write request units. */
    readonly writeUnits: number;
    /** Read request units. */
    readonly readUnits: number;
  };
  /** CloudWatch Logs ingested, GB (2^30 bytes). Left out of the cost when undefined. */
  readonly logGb?: number;
}
