/**
 * The DynamoDB requests the proxy does more with than stream them through: transactions it runs
 * itself, single-item and batch item requests it serializes with the transactions on their items'
 * locks, and table creation/deletion, which invalidate the cached key schema.
 */
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { awsErrorResponse } from './aws-errors.js';
import { LOCKED_OPERATIONS, lockKeysOf } from './dynamodb-keys.js';
import { DynamoDbTransactions } from './dynamodb-transactions.js';
import { type DynamoDbCall, dynamoDbCaller, exchange, parseJson, withoutHopByHop } from './dynamodb-upstream.js';
import type { Upstream } from './options.js';
import type { TransactionJournal } from './transaction-journal.js';

/** A complete response to send to the client. */
export interface BufferedResponse {
  readonly statusCode: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

const EMULATED = new Set(['TransactWriteItems', 'TransactGetItems']);
const TABLE_LIFECYCLE = new Set(['CreateTable', 'DeleteTable']);

/** DynamoDB requests that need the whole body and the item locks; see {@link DynamoDbService.handles}. */
export class DynamoDbService {
  /** The transactions' emulation; its `locks` are the item locks. */
  readonly transactions: DynamoDbTransactions;
  readonly #agent: Agent;
  readonly #upstream: Upstream;
  readonly #inFlight = new Set<Promise<unknown>>();

  /**
   * @param agent keep-alive agent for the upstream; @param upstream the DynamoDB emulator;
   * @param journal the recovered transaction journal, if any (see `DynamoDbTransactionsState.journal`).
   */
  constructor(agent: Agent, upstream: Upstream, journal?: TransactionJournal) {
    this.#agent = agent;
    this.#upstream = upstream;
    this.transactions = new DynamoDbTransactions(journal ? { journal } : {});
  }

  /** True for the operations {@link serve} answers; the others are streamed through unchanged. */
  handles(operation: string): boolean {
    return EMULATED.has(operation) || LOCKED_OPERATIONS.has(operation) || TABLE_LIFECYCLE.has(operation);
  }

  /**
   * Answers one request whose complete body is `body`. Once started, the work runs to its end
   * whether or not the client is still connected. Never rejects: an unreachable upstream is a 502.
   * @param url the path and query after the `/_caller/<name>` prefix.
   * @param onUpstream called with the operation of each request it makes to the emulator for this one
   *   (a transaction is several: reads, conditional writes, rollbacks), to count what the emulator does.
   */
  serve(operation: string, url: string, headers: IncomingHttpHeaders, body: Buffer, onUpstream?: (operation: string) => void): Promise<BufferedResponse> {
    const work = this.#serve(operation, url, headers, body, onUpstream).catch((error: unknown) =>
      awsErrorResponse('dynamodb-json', 'ServiceUnavailable', 502, `The emulator behind the AWS proxy is unreachable: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Resolves when the requests being served now have finished, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    clearTimeout(timer);
  }

  async #serve(operation: string, url: string, headers: IncomingHttpHeaders, body: Buffer, onUpstream?: (operation: string) => void): Promise<BufferedResponse> {
    const upstream = dynamoDbCaller(this.#agent, this.#upstream, headers);
    const call: DynamoDbCall = onUpstream === undefined ? upstream : (inner, input) => {
      onUpstream(inner);
      return upstream(inner, input);
    };
    if (operation === 'TransactWriteItems') return this.transactions.transactWriteItems(body, call);
    if (operation === 'TransactGetItems') return this.transactions.transactGetItems(body, call);
    const input = parseJson(body);
    const forward = async (): Promise<BufferedResponse> => {
      onUpstream?.(operation);
      const response = await exchange(this.#agent, this.#upstream, url, 'POST', withoutHopByHop(headers), body);
      return { statusCode: response.statusCode, headers: withoutHopByHop(response.headers), body: response.body };
    };
    if (TABLE_LIFECYCLE.has(operation)) {
      if (typeof input?.TableName === 'string') this.transactions.schemas.forget(input.TableName);
      return forward();
    }
    const keys = input ? await lockKeysOf(operation, input, this.transactions.schemas, call) : [];
    return this.transactions.locks.withLocks(keys, forward);
  }
}
