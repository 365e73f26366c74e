/**
 * The write-ahead journal of the emulated DynamoDB transactions: with an emulator that keeps its
 * tables on disk, a transaction cut short by a crash of this process (`kill -9` included) is rolled
 * back at the next start instead of staying half-applied.
 *
 * The file is JSON lines, each appended with one synchronous write:
 * - `{"begin": id, "items": [{"tableName", "key", "prior"?}]}` before the transaction writes
 *   anything; `prior` is the item as it was, absent when there was none;
 * - `{"end": id}` once the transaction has committed or has been rolled back completely.
 *
 * Durability: a synchronous write hands the line to the operating system before the transaction
 * goes on, which survives the crash of this process. There is no fsync: a power cut or kernel crash
 * may lose the last lines. The promise is survival of a process crash, not of a power cut.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isObject } from './dynamodb-keys.js';
import type { AttributeMap, DynamoDbCall } from './dynamodb-upstream.js';
import { AwsProxyError } from '../errors.js';

/** One item of a journaled transaction. */
export interface JournalItem {
  readonly tableName: string;
  readonly key: AttributeMap;
  /** The item before the transaction; absent when there was no item. */
  readonly prior?: AttributeMap;
}

/** Options of {@link TransactionJournal}. */
export interface TransactionJournalOptions {
  /** Size in bytes past which the file is rewritten with only its unfinished transactions. @default 1 MiB */
  readonly maxBytes?: number;
}

/** Default {@link TransactionJournalOptions.maxBytes}: 1 MiB. */
export const DEFAULT_JOURNAL_MAX_BYTES = 1024 * 1024;

/** Attempts to restore one item during recovery before start-up fails. */
const RESTORE_ATTEMPTS = 3;

/**
 * An append-only journal file. Call {@link recover} once, before the first {@link begin}; it opens
 * the file. One instance per file: two processes must not share a journal.
 */
export class TransactionJournal {
  /** The journal file. */
  readonly path: string;
  readonly #maxBytes: number;
  #fd: number | undefined;
  /** Bytes in the file, as far as this instance wrote them. */
  #size = 0;
  /** Begun and not ended: id → its `begin` line. */
  readonly #open = new Map<string, string>();
  #openBytes = 0;

  /** @param path the file; created when missing. */
  constructor(path: string, options: TransactionJournalOptions = {}) {
    this.path = path;
    this.#maxBytes = options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
  }

  /** Transactions begun and not ended by this instance (in flight, or whose rollback failed). */
  get unfinished(): number {
    return this.#open.size;
  }

  /**
   * Rolls back every transaction the file shows begun and not ended — restoring each item's prior
   * image (`PutItem`), or deleting it when there was none (`DeleteItem`), latest transaction first —
   * then empties the file and opens it for {@link begin}. An item whose table no longer exists is
   * skipped: nothing of the transaction is left there.
   * @returns how many transactions were rolled back.
   * @throws AwsProxyError naming the table and the file when an item cannot be restored (the file is
   *   then left as it was, so the next start tries again), or when the file cannot be read or is corrupt.
   */
  async recover(call: DynamoDbCall): Promise<number> {
    if (this.#fd !== undefined) throw new AwsProxyError(`The transaction journal ${this.path} is already open`);
    const unfinished = readUnfinished(this.path);
    for (const items of unfinished.reverse()) {
      for (const item of items) await restore(item, call, this.path);
    }
    try {
      rmSync(tmpOf(this.path), { force: true });
      this.#fd = openSync(this.path, 'a');
      ftruncateSync(this.#fd, 0);
    } catch (error) {
      throw new AwsProxyError(`Could not open the transaction journal ${this.path}: ${messageOf(error)}`, { cause: error });
    }
    this.#size = 0;
    return unfinished.length;
  }

  /**
   * Records that a transaction on `items` is about to write; returns its id for {@link end}.
   * @throws AwsProxyError before {@link recover} or after {@link close}; the file system's error when the line cannot be written.
   */
  begin(items: readonly JournalItem[]): string {
    const id = randomUUID();
    const record = items.map(({ tableName, key, prior }) => ({ tableName, key, ...(prior ? { prior } : {}) }));
    const line = `${JSON.stringify({ begin: id, items: record })}\n`;
    this.#append(line);
    this.#open.set(id, line);
    this.#openBytes += Buffer.byteLength(line);
    return id;
  }

  /** Records that transaction `id` has committed or been rolled back completely. Unknown ids are ignored. */
  end(id: string): void {
    const line = this.#open.get(id);
    if (line === undefined) return;
    this.#open.delete(id);
    this.#openBytes -= Buffer.byteLength(line);
    this.#append(`${JSON.stringify({ end: id })}\n`);
  }

  /** Closes the file; unfinished transactions stay in it for the next {@link recover}. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #append(line: string): void {
    if (this.#fd === undefined) throw new AwsProxyError(`The transaction journal ${this.path} is not open (recover() it first)`);
    // Rewriting only when the unfinished part is under half keeps the work per byte appended constant.
    if (this.#size > this.#maxBytes && this.#size > 2 * this.#openBytes) this.#compact();
    try {
      appendFileSync(this.#fd, line);
    } catch (error) {
      // Cut a partly written line off, so that the lines after it stay readable.
      try {
        ftruncateSync(this.#fd, this.#size);
      } catch {
        // The original error is the one to report.
      }
      throw error;
    }
    this.#size += Buffer.byteLength(line);
  }

  /** Replaces the file with one holding only the unfinished transactions; a rename, so a crash leaves one file or the other. */
  #compact(): void {
    const kept = [...this.#open.values()].join('');
    const tmp = tmpOf(this.path);
    writeFileSync(tmp, kept);
    renameSync(tmp, this.path);
    const fd = openSync(this.path, 'a');
    closeSync(this.#fd as number);
    this.#fd = fd;
    this.#size = Buffer.byteLength(kept);
  }
}

/** The items of each transaction begun and not ended in the file, in the order they began. */
function readUnfinished(path: string): JournalItem[][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AwsProxyError(`Could not read the transaction journal ${path}: ${messageOf(error)}`, { cause: error });
  }
  const lines = text.split('\n');
  // Text after the last newline is a line the crash cut short; a `begin` cut short had written nothing yet.
  const last = lines.pop() as string;
  const open = new Map<string, JournalItem[]>();
  const take = (line: string, number: number, torn: boolean): void => {
    if (line.trim() === '') return;
    const record = parseRecord(line);
    if (record === undefined) {
      if (torn) return;
      throw new AwsProxyError(`The transaction journal ${path} is corrupt at line ${number}; restore its items by hand, or delete it to start without recovery`);
    }
    if ('end' in record) open.delete(record.end);
    else open.set(record.begin, record.items);
  };
  lines.forEach((line, i) => take(line, i + 1, false));
  take(last, lines.length + 1, true);
  return [...open.values()];
}

type JournalRecord = { readonly begin: string; readonly items: JournalItem[] } | { readonly end: string };

function parseRecord(line: string): JournalRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (typeof value.end === 'string') return { end: value.end };
  if (typeof value.begin !== 'string' || !Array.isArray(value.items)) return undefined;
  const items = value.items as unknown[];
  const valid = items.every((item) => isObject(item) && typeof item.tableName === 'string' && isObject(item.key) && (item.prior === undefined || isObject(item.prior)));
  return valid ? { begin: value.begin, items: items as JournalItem[] } : undefined;
}

/** Puts the prior image back, or deletes the item there was none of. */
async function restore(item: JournalItem, call: DynamoDbCall, path: string): Promise<void> {
  let problem = '';
  for (let attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
    try {
      const result = item.prior
        ? await call('PutItem', { TableName: item.tableName, Item: item.prior })
        : await call('DeleteItem', { TableName: item.tableName, Key: item.key });
      if (result.ok || result.code === 'ResourceNotFoundException') return;
      problem = `${result.code}: ${result.message}`;
    } catch (error) {
      problem = messageOf(error);
    }
  }
  throw new AwsProxyError(`Could not restore an item of table ${item.tableName} (key ${JSON.stringify(item.key)}) from the transaction journal ${path}: ${problem}`);
}

const tmpOf = (path: string): string => `${path}.tmp`;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
