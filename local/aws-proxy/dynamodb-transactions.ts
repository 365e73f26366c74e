/**
 * `TransactWriteItems` and `TransactGetItems` for an emulator that has neither (dynalite): the proxy
 * runs them itself with single-item calls under its item locks, and rolls a cancelled write back.
 *
 * A write transaction, holding the locks of all its items (taken in sorted order):
 * 1. reads every entry's prior image (`GetItem`, consistent), in parallel. A read fails → that
 *    error as it came, nothing written.
 * 2. with a journal (transaction-journal.ts): records `begin` with the prior images, so that a
 *    crash of the process from here on is rolled back at the next start.
 * 3. applies every entry, in parallel, as one conditional call (`Put` → `PutItem`, `Update` →
 *    `UpdateItem`, `Delete` → `DeleteItem`, with the entry's expressions). A `ConditionCheck` is
 *    evaluated by writing the item back as it was: `PutItem` of the prior image with the condition,
 *    or, when there is no item, `PutItem` of the bare key with the condition followed at once by
 *    `DeleteItem` of the key.
 * 4. every entry succeeded → `{}`. An entry failed its condition → the applied entries are restored
 *    from their prior images and the answer is `TransactionCanceledException` with one reason per
 *    entry. Any other error (bad expression) → restored, and that error as it came.
 * 5. committed or completely restored → the journal's `end`. A rollback that failed leaves the
 *    transaction unfinished in the journal, for the next start to restore.
 * The work never stops halfway because the client went away; it ends in commit or rollback.
 */
import { randomUUID } from 'node:crypto';
import { awsErrorResponse, type AwsErrorResponse } from './aws-errors.js';
import { KeySchemaCache } from './dynamodb-keys.js';
import { parseTransactGet, parseTransactWrite, type TransactWriteEntry, type TransactWriteRequest } from './dynamodb-transact-request.js';
import { type AttributeMap, type DynamoDbCall, type DynamoDbResult, parseJson, type UpstreamResponse } from './dynamodb-upstream.js';
import { AwsProxyRequestError } from '../errors.js';
import { KeyLocks } from './key-locks.js';
import type { TransactionJournal } from './transaction-journal.js';
import { TransactionTokens } from './transaction-tokens.js';

/** Capacity units DynamoDB charges per item of a transaction (2 × a standard write or read of ≤ 1 KB / 4 KB). */
export const TRANSACTION_UNITS_PER_ITEM = 2;

/** Attempts to restore one item during a rollback before giving up. */
const RESTORE_ATTEMPTS = 3;

/** Shared state of the emulation: the item locks (also taken by plain writes), key schemas, tokens and journal. */
export interface DynamoDbTransactionsState {
  /** @default a new KeyLocks */
  readonly locks?: KeyLocks;
  /** @default a new KeySchemaCache */
  readonly schemas?: KeySchemaCache;
  /** @default a new TransactionTokens */
  readonly tokens?: TransactionTokens;
  /**
   * Where write transactions record their prior images before writing, to be rolled back after a
   * crash; it must have been recovered. @default none: a crash mid-transaction leaves it half-applied
   */
  readonly journal?: TransactionJournal;
}

/** The prior image of one entry's item, or why it could not be read. */
interface Read {
  /** The item before the transaction; undefined when there was none. */
  readonly prior?: AttributeMap;
  readonly error?: AwsErrorResponse;
}

/** What became of one entry. */
interface Outcome {
  /** The item may differ from its prior image now and must be restored if the transaction does not commit. */
  readonly changed: boolean;
  readonly conditionFailed?: boolean;
  /** A failure that is not a condition: answered as it is. */
  readonly error?: AwsErrorResponse;
}

/** Runs DynamoDB transactions against the upstream with single-item calls. */
export class DynamoDbTransactions {
  /** The item locks; the proxy takes them for plain writes too. */
  readonly locks: KeyLocks;
  /** Key schemas of the tables, read with `DescribeTable`. */
  readonly schemas: KeySchemaCache;
  readonly #tokens: TransactionTokens;
  readonly #journal: TransactionJournal | undefined;

  constructor(state: DynamoDbTransactionsState = {}) {
    this.locks = state.locks ?? new KeyLocks();
    this.schemas = state.schemas ?? new KeySchemaCache();
    this.#tokens = state.tokens ?? new TransactionTokens();
    this.#journal = state.journal;
  }

  /** Answers a `TransactWriteItems` request body. Never rejects: failures become AWS error responses. */
  async transactWriteItems(body: Buffer, call: DynamoDbCall): Promise<AwsErrorResponse> {
    let request: TransactWriteRequest;
    try {
      request = await parseTransactWrite(inputOf(body), this.schemas, call);
    } catch (error) {
      return failure(error);
    }
    const token = request.clientRequestToken;
    if (token === undefined) return this.#write(request, call).catch(failure);
    const lookup = this.#tokens.begin(token, request.fingerprint);
    if (lookup.state === 'committed') return json(200, lookup.body);
    if (lookup.state === 'mismatch') {
      return dynamodbError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
    }
    if (lookup.state === 'in-progress') return dynamodbError('TransactionInProgressException', 'The transaction with the given request token is already in progress.');
    const response = await this.#write(request, call).catch(failure);
    if (response.statusCode === 200) this.#tokens.commit(token, response.body);
    else this.#tokens.abandon(token);
    return response;
  }

  /** Answers a `TransactGetItems` request body: consistent reads of every item under its lock. Never rejects. */
  async transactGetItems(body: Buffer, call: DynamoDbCall): Promise<AwsErrorResponse> {
    try {
      const request = parseTransactGet(inputOf(body));
      const results = await this.locks.withLocks(request.entries.map((e) => e.lockKey), () =>
        Promise.all(
          request.entries.map((entry) =>
            call('GetItem', {
              TableName: entry.tableName,
              Key: entry.key,
              ConsistentRead: true,
              ...(entry.projectionExpression !== undefined ? { ProjectionExpression: entry.projectionExpression } : {}),
              ...(entry.names ? { ExpressionAttributeNames: entry.names } : {}),
            }),
          ),
        ),
      );
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) return passOn(failed.response);
      const responses = results.map((r) => (r.ok && r.output.Item ? { Item: r.output.Item } : {}));
      return json(200, { Responses: responses, ...consumedCapacity(request.entries, request.returnConsumedCapacity, 'ReadCapacityUnits') });
    } catch (error) {
      return failure(error);
    }
  }

  async #write(request: TransactWriteRequest, call: DynamoDbCall): Promise<AwsErrorResponse> {
    const { entries } = request;
    return this.locks.withLocks(entries.map((e) => e.lockKey), async () => {
      const reads = await Promise.all(entries.map((entry) => readPrior(entry, call)));
      const unread = reads.find((r) => r.error)?.error;
      if (unread) return unread;
      const priors = reads.map((r) => r.prior);
      let journaled: string | undefined;
      try {
        journaled = this.#journal?.begin(entries.map((entry, i) => ({ tableName: entry.tableName, key: entry.key, prior: priors[i] })));
      } catch (error) {
        return dynamodbError('InternalServerError', `The AWS proxy could not write its transaction journal; nothing was written: ${error instanceof Error ? error.message : String(error)}`, 500);
      }
      const outcomes = await Promise.all(entries.map((entry, i) => apply(entry, priors[i], call)));
      const error = outcomes.find((o) => o.error)?.error;
      const cancelled = outcomes.some((o) => o.conditionFailed);
      if (!error && !cancelled) {
        this.#end(journaled);
        return json(200, consumedCapacity(entries, request.returnConsumedCapacity, 'WriteCapacityUnits'));
      }
      const restored = await Promise.all(entries.map((entry, i) => ((outcomes[i] as Outcome).changed ? restore(entry, priors[i], call) : true)));
      if (restored.includes(false)) {
        return dynamodbError('InternalServerError', 'The AWS proxy could not roll back a cancelled transaction; its items may be partly written', 500);
      }
      this.#end(journaled);
      if (error) return error;
      const reasons = entries.map((entry, i) => {
        const prior = priors[i];
        if (!(outcomes[i] as Outcome).conditionFailed) return { Code: 'None' };
        return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(entry.returnOldOnFailure && prior ? { Item: prior } : {}) };
      });
      const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`;
      return awsErrorResponse('dynamodb-json', 'TransactionCanceledException', 400, message, { CancellationReasons: reasons });
    });
  }

  /** Records the end of a journaled transaction. */
  #end(journaled: string | undefined): void {
    if (journaled === undefined) return;
    try {
      this.#journal?.end(journaled);
    } catch {
      // The outcome stands and is answered: an `end` that did not reach the file only means that a
      // crash before the journal's next rewrite would roll this transaction back.
    }
  }
}

/** Reads the item of one entry as it is before the transaction. */
async function readPrior(entry: TransactWriteEntry, call: DynamoDbCall): Promise<Read> {
  try {
    const read = await call('GetItem', { TableName: entry.tableName, Key: entry.key, ConsistentRead: true });
    if (!read.ok) return { error: passOn(read.response) };
    const prior = read.output.Item as AttributeMap | undefined;
    return prior ? { prior } : {};
  } catch (error) {
    return { error: unreachable(error) };
  }
}

/** Applies one entry to its item, whose prior image is `prior`. */
async function apply(entry: TransactWriteEntry, prior: AttributeMap | undefined, call: DynamoDbCall): Promise<Outcome> {
  const expressions = {
    ...(entry.conditionExpression !== undefined ? { ConditionExpression: entry.conditionExpression } : {}),
    ...(entry.names ? { ExpressionAttributeNames: entry.names } : {}),
    ...(entry.values ? { ExpressionAttributeValues: entry.values } : {}),
  };
  const table = { TableName: entry.tableName };
  try {
    let result: DynamoDbResult;
    if (entry.kind === 'Put') result = await call('PutItem', { ...table, Item: entry.item, ...expressions });
    else if (entry.kind === 'Update') result = await call('UpdateItem', { ...table, Key: entry.key, UpdateExpression: entry.updateExpression, ...expressions });
    else if (entry.kind === 'Delete') result = await call('DeleteItem', { ...table, Key: entry.key, ...expressions });
    else {
      // ConditionCheck: write the item back unchanged (or the bare key, removed again) under the condition.
      result = await call('PutItem', { ...table, Item: prior ?? entry.key, ...expressions });
      if (result.ok && !prior) {
        const removed = await call('DeleteItem', { ...table, Key: entry.key });
        if (!removed.ok) return { changed: true, error: passOn(removed.response) };
      }
      if (result.ok) return { changed: false };
    }
    if (result.ok) return { changed: true };
    if (result.code === 'ConditionalCheckFailedException') return { changed: false, conditionFailed: true };
    return { changed: false, error: passOn(result.response) };
  } catch (error) {
    // The write may or may not have landed: restore the prior image to be sure.
    return { changed: true, error: unreachable(error) };
  }
}

/** Puts the prior image back (or deletes the item there was none of); false when it could not. */
async function restore(entry: TransactWriteEntry, prior: AttributeMap | undefined, call: DynamoDbCall): Promise<boolean> {
  for (let attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
    const result = await (prior ? call('PutItem', { TableName: entry.tableName, Item: prior }) : call('DeleteItem', { TableName: entry.tableName, Key: entry.key })).catch(() => undefined);
    if (result?.ok) return true;
  }
  return false;
}

function consumedCapacity(entries: readonly { readonly tableName: string }[], mode: TransactWriteRequest['returnConsumedCapacity'], unitsName: string): Record<string, unknown> {
  if (mode === 'NONE') return {};
  const perTable = new Map<string, number>();
  for (const { tableName } of entries) perTable.set(tableName, (perTable.get(tableName) ?? 0) + TRANSACTION_UNITS_PER_ITEM);
  const ConsumedCapacity = [...perTable].map(([TableName, units]) => ({
    TableName,
    CapacityUnits: units,
    [unitsName]: units,
    ...(mode === 'INDEXES' ? { Table: { CapacityUnits: units, [unitsName]: units } } : {}),
  }));
  return { ConsumedCapacity };
}

function inputOf(body: Buffer): Record<string, unknown> {
  const input = parseJson(body);
  if (!input) throw new AwsProxyRequestError('SerializationException', 'The request body is not a JSON object');
  return input;
}

function failure(error: unknown): AwsErrorResponse {
  if (error instanceof AwsProxyRequestError) return dynamodbError(error.awsCode, error.message, error.statusCode);
  return unreachable(error);
}

function unreachable(error: unknown): AwsErrorResponse {
  return dynamodbError('ServiceUnavailable', `The emulator behind the AWS proxy is unreachable: ${error instanceof Error ? error.message : String(error)}`, 502);
}

function dynamodbError(code: string, message: string, statusCode = 400): AwsErrorResponse {
  return awsErrorResponse('dynamodb-json', code, statusCode, message);
}

/** The upstream's own error response, unchanged apart from its connection headers. */
function passOn(response: UpstreamResponse): AwsErrorResponse {
  const contentType = response.headers['content-type'] ?? 'application/x-amz-json-1.0';
  return { statusCode: response.statusCode, headers: { 'content-type': contentType, 'content-length': response.body.length }, body: response.body };
}

function json(statusCode: number, value: Buffer | Record<string, unknown>): AwsErrorResponse {
  const body = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  return { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': body.length, 'x-amzn-requestid': randomUUID() }, body };
}
