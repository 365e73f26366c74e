/**
 * The queues and tables a stack's outputs name: from the `Queues` and `Tables` outputs when the
 * file has them, else from the single outputs older stacks wrote (`QueueUrl`, `DeadLetterQueueUrl`,
 * `ConsumerLogGroupName`, `LedgerTableName`). `Target` answers `--queue <name>` through it.
 */
import { QUEUES_OUTPUT, type QueuesOutput, TABLES_OUTPUT, type TablesOutput } from '../contract/index.js';
import { malformedOutputError, missingOutputError, OpsError } from './errors.js';
import { type ParsedOutput, parseQueuesOutput, parseTablesOutput, UNNAMED_QUEUE } from './queue-outputs.js';
import { type QueueKind, queueKindOf } from './queue-kind.js';

/** One queue of a target, by its name in `conveyor.config.ts`. */
export interface TargetQueue {
  /** Its name in `conveyor.config.ts`; {@link UNNAMED_QUEUE} when the outputs have no `Queues`. */
  readonly name: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Whether the queue and its DLQ are FIFO. */
  readonly fifo: boolean;
  /** The log group of the queue's consumer function. */
  readonly consumerLogGroupName: string;
}

/** The single outputs that describe the default queue, which stacks wrote before `Queues`. */
const SINGLE_OUTPUTS = { queueUrl: 'QueueUrl', deadLetterQueueUrl: 'DeadLetterQueueUrl', consumerLogGroupName: 'ConsumerLogGroupName' } as const;

/** The output that named the ledger table before `Tables`. */
const LEDGER_TABLE_OUTPUT = 'LedgerTableName';

/** Reads the queues and tables of one stack's outputs; each JSON output is parsed once, when first needed. */
export class StackResources {
  readonly #outputs: Readonly<Record<string, string>>;
  readonly #file: string;
  #queues: QueuesOutput | null | undefined;
  #tables: TablesOutput | null | undefined;

  /** `outputs` are the stack's, read from `file` (named in messages as the user gave it). */
  constructor(outputs: Readonly<Record<string, string>>, file: string) {
    this.#outputs = outputs;
    this.#file = file;
  }

  /** Every queue's name, the default queue first; `[UNNAMED_QUEUE]` without a `Queues` output. */
  get queueNames(): readonly string[] {
    const queues = this.#queuesOutput();
    return queues === null ? [UNNAMED_QUEUE] : Object.keys(queues);
  }

  /**
   * The queue `name`, or the default queue (the first of `Queues`) when no name is given. Without a
   * `Queues` output, the one queue the single outputs describe, called {@link UNNAMED_QUEUE}; its
   * fields then throw `MISSING_OUTPUT` naming the output when read and absent.
   * @throws OpsError `UNKNOWN_QUEUE` naming the known queues; `OUTPUTS_FILE` when `Queues` is malformed.
   */
  queue(name?: string): TargetQueue {
    const queues = this.#queuesOutput();
    if (queues === null) {
      if (name !== undefined && name !== UNNAMED_QUEUE) {
        throw this.#unknownQueue(name, `${this.#file} names no queues (it has no ${QUEUES_OUTPUT} output; deploy again to name them), so its one queue is ${UNNAMED_QUEUE}`);
      }
      return this.#singleQueue();
    }
    const chosen = name ?? Object.keys(queues)[0] as string;
    const queue = Object.hasOwn(queues, chosen) ? queues[chosen] : undefined;
    if (queue === undefined) throw this.#unknownQueue(chosen, `the queues in ${this.#file} are ${Object.keys(queues).join(', ')}`);
    return { name: chosen, queueUrl: queue.queueUrl, deadLetterQueueUrl: queue.deadLetterQueueUrl, fifo: queue.fifo, consumerLogGroupName: queue.consumerLogGroupName };
  }

  /**
   * The DynamoDB name of the table `name` (`conveyor.config.ts`'s name, e.g. `ledger`): from the
   * `Tables` output, else from `legacyOutput`, the single output that named it before `Tables`.
   * @throws OpsError `MISSING_OUTPUT` naming the output that lacks it; `OUTPUTS_FILE` when `Tables` is malformed.
   */
  tableName(name: string, legacyOutput?: string): string {
    const tables = this.#tablesOutput();
    if (tables === null) {
      const legacy = legacyOutput === undefined ? undefined : this.#outputs[legacyOutput];
      if (legacy !== undefined && legacy !== '') return legacy;
      const older = legacyOutput === undefined ? '' : ` (older stacks wrote ${legacyOutput} instead, and the file has neither)`;
      throw missingOutputError(TABLES_OUTPUT, this.#file, `it names the table ${name}${older}`);
    }
    const table = Object.hasOwn(tables, name) ? tables[name] : undefined;
    if (table === undefined) {
      throw new OpsError('MISSING_OUTPUT', `${this.#file}: output ${TABLES_OUTPUT} has no table ${name} (it has ${Object.keys(tables).join(', ')})`, { details: { file: this.#file, output: TABLES_OUTPUT } });
    }
    return table;
  }

  /**
   * The kind of queue message type `type` goes to: `fifo` when one of the queues that the `Queues`
   * output lists it under is FIFO, else `standard`; undefined when no queue lists it (the API then
   * decides alone). Without a `Queues` output, the kind of the one queue the single outputs describe.
   */
  queueKindOfType(type: string): QueueKind | undefined {
    const queues = this.#queuesOutput();
    if (queues === null) return queueKindOf(this.#outputs[SINGLE_OUTPUTS.queueUrl]);
    const carrying = Object.values(queues).filter((queue) => queue.types.includes(type));
    if (carrying.length === 0) return undefined;
    return carrying.some((queue) => queue.fifo) ? 'fifo' : 'standard';
  }

  /** The ledger example's table: `Tables` → `ledger`, or the older `LedgerTableName` output. */
  get ledgerTableName(): string {
    return this.tableName('ledger', LEDGER_TABLE_OUTPUT);
  }

  #queuesOutput(): QueuesOutput | null {
    if (this.#queues === undefined) this.#queues = this.#parse(QUEUES_OUTPUT, parseQueuesOutput);
    return this.#queues;
  }

  #tablesOutput(): TablesOutput | null {
    if (this.#tables === undefined) this.#tables = this.#parse(TABLES_OUTPUT, parseTablesOutput);
    return this.#tables;
  }

  /** The output `key` parsed; null when the file has none. */
  #parse<T>(key: string, parse: (text: string) => ParsedOutput<T>): T | null {
    const text = this.#outputs[key];
    if (text === undefined || text === '') return null;
    const parsed = parse(text);
    if ('reason' in parsed) throw malformedOutputError(key, this.#file, parsed.reason);
    return parsed.value;
  }

  /** The default queue as the single outputs describe it, each read when used. */
  #singleQueue(): TargetQueue {
    const output = (key: string): string => {
      const value = this.#outputs[key];
      if (value === undefined || value === '') throw missingOutputError(key, this.#file, `nor a ${QUEUES_OUTPUT} output that describes the queues`);
      return value;
    };
    return {
      name: UNNAMED_QUEUE,
      get queueUrl() {
        return output(SINGLE_OUTPUTS.queueUrl);
      },
      get deadLetterQueueUrl() {
        return output(SINGLE_OUTPUTS.deadLetterQueueUrl);
      },
      get fifo() {
        return queueKindOf(output(SINGLE_OUTPUTS.queueUrl)) === 'fifo';
      },
      get consumerLogGroupName() {
        return output(SINGLE_OUTPUTS.consumerLogGroupName);
      },
    };
  }

  #unknownQueue(name: string, known: string): OpsError {
    return new OpsError('UNKNOWN_QUEUE', `no queue ${name}: ${known}`, { details: { file: this.#file, queue: name, queues: this.queueNames } });
  }
}
