import type { SQSRecord } from 'aws-lambda';
import type { TypeRegistry } from '../shared/message-types/index.js';
import type { DeadLetterSink } from './dead-letter.js';
import { ConveyorError } from '../shared/errors.js';
import { consumerError } from './errors.js';
import { type ExecuteDeps, executeOnce } from './execute.js';
import { type Outcome, retry } from './outcome.js';
import { type PreparedMessage, prepareMessage } from './prepare.js';
import { type PlanDeps, planRetry, type RetryPlan } from './retry/plan.js';
import { afterFailure, retryStateOf } from './retry/state.js';

/** What {@link processBatch} needs besides {@link ExecuteDeps}. */
export interface BatchDeps extends ExecuteDeps, PlanDeps {
  readonly deadLetters: DeadLetterSink;
  /** The message types the consumer accepts, with their payload parsers. */
  readonly types: TypeRegistry;
}

/** One record's result. */
export interface RecordResult {
  readonly record: SQSRecord;
  /** Present when the envelope could be read. */
  readonly prepared?: PreparedMessage;
  readonly outcome: Outcome;
}

/**
 * Processes a batch. Records run concurrently, except that
 * - a record waits for the previous record with the same idempotency key, and when that one was
 *   applied (or was a duplicate) with the same content, it is a duplicate without touching
 *   DynamoDB: duplicates inside a batch never contend for their own lock;
 * - on FIFO queues a record waits for the previous record of its message group, and is kept back
 *   (retried) when that one is to be retried, so a group's order survives partial failures.
 * A transient failure gets its retry plan (see `planRetry`), or the dead-letter queue when it is out
 * of retries. Dead-lettered records are sent to the dead-letter queue before the batch answers; if
 * that send fails the record is retried instead, so nothing is deleted without a copy.
 */
export async function processBatch(records: readonly SQSRecord[], deps: BatchDeps): Promise<RecordResult[]> {
  const lastOfGroup = new Map<string, Promise<RecordResult>>();
  const lastOfKey = new Map<string, Promise<RecordResult>>();

  const results = records.map((record) => {
    let prepared: PreparedMessage | undefined;
    let invalid: ConveyorError | undefined;
    try {
      prepared = prepareMessage(record, deps.types);
    } catch (error) {
      invalid = error as ConveyorError;
    }
    const group = deps.fifo ? record.attributes.MessageGroupId : undefined;
    const previousInGroup = group === undefined ? undefined : lastOfGroup.get(group);
    const previousOfKey = prepared && lastOfKey.get(prepared.recordKey);

    let heldBehind: RetryPlan | undefined;
    const run = async (): Promise<Outcome> => {
      const preceding = previousInGroup && (await previousInGroup).outcome;
      if (preceding?.status === 'retry') {
        heldBehind = preceding.plan;
        return retry(consumerError('PRECEDING_MESSAGE_FAILED', `an earlier message of group '${group}' failed; kept back to preserve order`));
      }
      if (invalid || !prepared) return { status: 'dead-lettered', error: invalid as ConveyorError };
      if (previousOfKey) {
        const previous = await previousOfKey;
        const applied = previous.outcome.status === 'processed' || previous.outcome.status === 'duplicate';
        if (applied && previous.prepared?.hash === prepared.hash) return { status: 'duplicate' };
      }
      return executeOnce(record, prepared, deps);
    };

    const result = run()
      .catch(retry)
      .then((outcome) => planRetry(record, prepared?.envelope.type, outcome, deps, heldBehind))
      .then((outcome) => deadLetterIfPermanent(record, outcome, deps))
      .then(async (outcome) => {
        const recordKey = prepared?.recordKey ?? invalid?.recordKey;
        if (recordKey !== undefined) await noteDeadLettered(record, { recordKey, hash: prepared?.hash ?? '' }, outcome, deps);
        return outcome;
      })
      .then((outcome): RecordResult => ({ record, outcome, ...(prepared ? { prepared } : {}) }));
    if (group !== undefined) lastOfGroup.set(group, result);
    if (prepared) lastOfKey.set(prepared.recordKey, result);
    return result;
  });
  return Promise.all(results);
}

async function deadLetterIfPermanent(record: SQSRecord, outcome: Outcome, deps: BatchDeps): Promise<Outcome> {
  if (outcome.status !== 'dead-lettered') return outcome;
  const now = deps.clock();
  const retries = outcome.retries ?? afterFailure(retryStateOf(record, deps.fifo, now), outcome.error.code, now);
  try {
    await deps.deadLetters.send(record, outcome.error, retries);
    return outcome;
  } catch (error) {
    deps.logger.error('could not send to the dead-letter queue; the message will be retried', {
      messageId: record.messageId,
      error: error as Error,
    });
    return retry(error);
  }
}

/**
 * Leaves a dead-letter note on the message's idempotency record, for `GET /messages/{id}`: when the
 * consumer sent it to the DLQ, and when it failed on its last receive (SQS's redrive policy moves it
 * next). Best effort: the DLQ copy is what counts, so a failed note is logged, not retried.
 */
async function noteDeadLettered(record: SQSRecord, prepared: Pick<PreparedMessage, 'recordKey' | 'hash'>, outcome: Outcome, deps: BatchDeps): Promise<void> {
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  const reason = outcome.status === 'dead-lettered'
    ? { code: outcome.error.code, message: outcome.error.message }
    : outcome.status === 'retry' && outcome.plan?.via !== 'copy' && receives >= deps.maxReceiveCount
      ? { code: 'RECEIVES_EXHAUSTED', message: `failed on receive ${receives} of ${deps.maxReceiveCount}: ${errorText(outcome.error)}` }
      : undefined;
  if (!reason) return;
  try {
    await deps.store.markDeadLettered(prepared.recordKey, prepared.hash, reason);
  } catch (error) {
    deps.logger.warn('could not note the dead-lettered message on its idempotency record', { messageId: record.messageId, error: error as Error });
  }
}

function errorText(error: unknown): string {
  if (error instanceof ConveyorError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
