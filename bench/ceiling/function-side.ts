/**
 * The functions' side of a run: the producer's SendMessageBatch and the consumer's DynamoDB
 * requests, each worker with its own client as each Lambda instance has. It runs either on the
 * main thread, next to the emulators, or in one worker thread, where the runtime runs functions.
 */
import { type SendResult, QueuePublisher } from '../../functions/producer/publish.js';
import { createDynamoDbClient, createSqsClient } from './clients.js';
import type { CeilingVia } from './options.js';
import { type ConsumerTables, createMessageProcessor, type MessageOutcome } from './process-message.js';
import { OperationCounter, type OperationCounts } from './stats.js';

// Defined with the other options (an option's value), re-exported for the callers that import it from here.
export type { ClientThread } from './options.js';

/** What the function side of a run needs; plain data, so it can be posted to a worker. */
export interface FunctionSideSpec {
  readonly via: CeilingVia;
  readonly endpoint: { readonly sqs: string; readonly dynamodb: string };
  readonly queueUrl: string;
  readonly tables: ConsumerTables;
  readonly producers: number;
  readonly consumers: number;
}

/** How one message went, with the error when it failed. */
export interface ProcessedMessage {
  readonly outcome: MessageOutcome;
  readonly error?: string;
}

/** The producer and consumer workers' requests. */
export interface FunctionSide {
  /** Sends `bodies` (≤ 10) with producer `index`'s client, as the producer does. */
  send(index: number, bodies: readonly string[]): Promise<SendResult[]>;
  /** Processes `bodies` concurrently with consumer `index`'s client, as the consumer does a batch. */
  process(index: number, bodies: readonly string[]): Promise<ProcessedMessage[]>;
  /** Requests issued so far, by service and operation. */
  issued(): Promise<OperationCounts>;
  /** Destroys the clients (and ends the worker). */
  close(): Promise<void>;
}

/** The function side on the calling thread. */
export function createInlineSide(spec: FunctionSideSpec): FunctionSide {
  const counter = new OperationCounter();
  const producers = Array.from({ length: spec.producers }, () => createSqsClient(spec.endpoint.sqs, counter));
  const publishers = producers.map((sqs) => new QueuePublisher({ sqs, queueUrl: spec.queueUrl }));
  const consumers = Array.from({ length: spec.consumers }, () => createDynamoDbClient(spec.endpoint.dynamodb, counter));
  const processMessage = createMessageProcessor(spec.via, spec.tables);
  return {
    send: (index, bodies) => {
      const publisher = publishers[index];
      if (publisher === undefined) throw new RangeError(`no producer ${index}`);
      return publisher.sendBatch(bodies.map((body) => ({ body })));
    },
    process: (index, bodies) => {
      const client = consumers[index];
      if (client === undefined) throw new RangeError(`no consumer ${index}`);
      return Promise.all(bodies.map((body) => processMessage(client, body).then(
        (outcome): ProcessedMessage => ({ outcome }),
        (error: unknown): ProcessedMessage => ({ outcome: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
      )));
    },
    issued: async () => counter.snapshot(),
    async close() {
      for (const client of [...producers, ...consumers]) client.destroy();
    },
  };
}
