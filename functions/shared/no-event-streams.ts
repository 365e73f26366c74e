/**
 * Stands in for `@smithy/core/event-streams` in the functions' bundles (an esbuild alias in
 * `infra/constructs/functions.ts`). The SDK loads that module with `await import()` only to send or
 * read an operation's event stream (`HttpProtocol.loadEventStreamCapability`), and no SQS or
 * DynamoDB operation has one (`test/functions/shared/no-event-streams.test.ts` checks every
 * operation of both clients). Bundled, that one dynamic import made esbuild wrap some 160 SDK
 * modules in lazy initialisers; without it a bundle is ~19 KB smaller and its import takes ~4 ms
 * less CPU (measured with `bench/cold-start.ts`, see docs/benchmarks.md).
 */

/** What the SDK would get if an operation with an event stream were ever sent from a bundle. */
function notBundled(): never {
  throw new Error('@smithy/core/event-streams is not bundled (functions/shared/no-event-streams.ts): no SQS or DynamoDB operation has an event stream');
}

/** The SDK's event-stream serializer: never constructed by an SQS or DynamoDB client. */
export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}

/** The SDK's event-stream marshaller factory: never called by an SQS or DynamoDB client. */
export const eventStreamSerdeProvider = (): never => notBundled();
