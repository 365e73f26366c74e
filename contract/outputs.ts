/**
 * The stack outputs that describe several queues and tables. CloudFormation outputs are strings, so
 * each is JSON; the CDK app writes them, and the CLI, the local runtime and the tests read them.
 */

/** Output with every queue, by name (JSON of {@link QueuesOutput}). */
export const QUEUES_OUTPUT = 'Queues';

/** Output with every effect table, by name (JSON of {@link TablesOutput}). */
export const TABLES_OUTPUT = 'Tables';

/** One queue as the `Queues` output describes it. */
export interface QueueOutput {
  /** The queue the producer sends the queue's types to and its consumer reads. */
  readonly queueUrl: string;
  /** Its dead-letter queue. */
  readonly deadLetterQueueUrl: string;
  /** Whether both are FIFO. */
  readonly fifo: boolean;
  /** The log group of the queue's consumer function. */
  readonly consumerLogGroupName: string;
  /** The message types delivered to it. */
  readonly types: readonly string[];
}

/** The `Queues` output, parsed: queue name → queue; the first one is the default queue. */
export type QueuesOutput = Readonly<Record<string, QueueOutput>>;

/** The `Tables` output, parsed: table name in `conveyor.config.ts` → DynamoDB table name. */
export type TablesOutput = Readonly<Record<string, string>>;

/**
 * One queue the producer sends a message type to (its environment's `MESSAGE_ROUTES` is JSON of
 * type → the type's routes: one, or several for a type delivered to several queues).
 */
export interface MessageRoute {
  /** The queue's name in `conveyor.config.ts`. */
  readonly queue: string;
  readonly queueUrl: string;
  /** FIFO queues need a `groupId` and take no `delaySeconds`. */
  readonly fifo: boolean;
}

/**
 * Where the status function looks for a message's record besides `<scope>/<id>` in the idempotency
 * table (its environment's `RECORD_PLACES`, JSON).
 */
export interface RecordPlaces {
  /**
   * The queues of each type delivered to several queues (one list per such type, without repeats):
   * their records are `<queue>#<scope>/<id>`, and a message is applied when every queue of its list has.
   */
  readonly fanOutQueues: readonly (readonly string[])[];
  /** The effect tables, where an insert-kind handler's item is the message's record (keyed like one). */
  readonly tables: readonly MessageTable[];
}

/** A table a consumer's handlers write (its environment's `MESSAGE_TABLES`, JSON of table name → table). */
export interface MessageTable {
  /** The DynamoDB table's name. */
  readonly tableName: string;
  /** Its partition key attribute (a string). */
  readonly partitionKey: string;
}
