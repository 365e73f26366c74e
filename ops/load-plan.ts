/**
 * The messages a load run sends: `ledger.credit`s of 1 cent over a few accounts, each with its own
 * idempotency key, and a given share of duplicates that re-send an earlier message (same key, same
 * payload) so the consumer's idempotency is exercised. Every message of a run has the same size.
 */
import type { MessageInput } from './api-client.js';
import { OpsError } from './errors.js';

/** The message type a load run sends: the one the shipped consumer handles. */
export const LOAD_MESSAGE_TYPE = 'ledger.credit';

/** Longest account name `ledger.credit` accepts (`[A-Za-z0-9_.:-]{1,128}`). */
export const MAX_ACCOUNT_LENGTH = 128;

/** Options of {@link LoadPlan}. */
export interface LoadPlanOptions {
  /** Messages to send, duplicates included. */
  readonly count: number;
  /** Share of `count` that re-sends an earlier message, 0 ≤ ratio < 1. @default 0 */
  readonly duplicateRatio?: number;
  /** Accounts the credits are spread over. @default 10 */
  readonly accounts?: number;
  /** Names this run's accounts and keys (`load-<runId>-…`). */
  readonly runId: string;
  /**
   * Size of each message's `{type, payload}` JSON, bytes. `ledger.credit` carries only an account
   * and an amount, so the size is reached by lengthening the account name, and is bounded by
   * {@link messageSizeRange}. @default the smallest
   */
  readonly sizeBytes?: number;
  /**
   * Message groups the messages are spread over (a FIFO queue needs one on every message): unique
   * message *u* goes to group `load-<runId>-g<u mod groups>`, and its duplicates with it.
   * Positive integer. @default none: messages carry no `groupId` (standard queues)
   */
  readonly groups?: number;
  /** Picks which earlier message a duplicate copies; returns [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** One message of the plan. */
export interface PlannedMessage {
  /** Position in the run, from 0. */
  readonly index: number;
  /** Whether it re-sends an earlier message. */
  readonly duplicate: boolean;
  /** The message, with its idempotency key. */
  readonly message: MessageInput & { readonly idempotencyKey: string };
}

const messageOf = (account: string): { type: string; payload: { account: string; amount: number } } =>
  ({ type: LOAD_MESSAGE_TYPE, payload: { account, amount: 1 } });

/** Bytes of a message's `{type, payload}` JSON. */
export const messageBytes = (message: Pick<MessageInput, 'type' | 'payload'>): number =>
  Buffer.byteLength(JSON.stringify({ type: message.type, payload: message.payload }));

/** Names of a run's accounts (before any padding) or message groups: `load-<runId>-<prefix><nn>`. */
function runNames(runId: string, count: number, prefix = ''): string[] {
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, index) => `load-${runId}-${prefix}${String(index).padStart(width, '0')}`);
}

/** Account names of a run, before any padding: `load-<runId>-<nn>`. */
const baseAccounts = (runId: string, accounts: number): string[] => runNames(runId, accounts);

/** The smallest and largest message size a run with these accounts can have, bytes. */
export function messageSizeRange(runId: string, accounts: number): { min: number; max: number } {
  const longest = baseAccounts(runId, accounts).reduce((a, b) => (b.length > a.length ? b : a));
  const overhead = messageBytes(messageOf(''));
  return { min: overhead + longest.length, max: overhead + MAX_ACCOUNT_LENGTH };
}

/** Plans a run's messages and hands them out in order. */
export class LoadPlan {
  /** Messages in the run, duplicates included. */
  readonly total: number;
  /** How many of them are duplicates: `floor(total × duplicateRatio)`. */
  readonly duplicates: number;
  /** The accounts credited, by name. */
  readonly accounts: readonly string[];
  /** Size of every message's `{type, payload}` JSON, bytes. */
  readonly messageBytes: number;
  /** The run's id, as given. */
  readonly runId: string;
  /** The message groups the messages go to, by name; empty when they carry no `groupId`. */
  readonly groups: readonly string[];
  readonly #ratio: number;
  readonly #random: () => number;
  #next = 0;
  #unique = 0;

  /** @throws OpsError `INPUT` for a count, ratio, account or group number, or size out of range. */
  constructor(options: LoadPlanOptions) {
    const { count, runId, duplicateRatio = 0, accounts = 10, groups, random = Math.random } = options;
    if (!Number.isSafeInteger(count) || count < 1) throw new OpsError('INPUT', `count must be a positive integer (got ${count})`);
    if (!(duplicateRatio >= 0 && duplicateRatio < 1)) throw new OpsError('INPUT', `the duplicate ratio must be in [0, 1) (got ${duplicateRatio})`);
    if (!Number.isSafeInteger(accounts) || accounts < 1) throw new OpsError('INPUT', `accounts must be a positive integer (got ${accounts})`);
    if (groups !== undefined && (!Number.isSafeInteger(groups) || groups < 1)) throw new OpsError('INPUT', `groups must be a positive integer (got ${groups})`);
    if (!/^[A-Za-z0-9_.:-]{1,40}$/.test(runId)) throw new OpsError('INPUT', `the run id must be 1–40 characters of [A-Za-z0-9_.:-] (got '${runId}')`);
    const range = messageSizeRange(runId, accounts);
    if (range.min > range.max) throw new OpsError('INPUT', `the run id '${runId}' is too long for ${accounts} account names`);
    const size = options.sizeBytes ?? range.min;
    if (!Number.isSafeInteger(size) || size < range.min || size > range.max) {
      throw new OpsError(
        'INPUT',
        `a ${LOAD_MESSAGE_TYPE} message of this run is ${range.min}–${range.max} bytes (got --size ${size}): its payload is only an `
        + `account (at most ${MAX_ACCOUNT_LENGTH} characters) and an amount, so larger messages need a message type with a larger payload`,
      );
    }
    this.total = count;
    this.#ratio = duplicateRatio;
    this.duplicates = Math.floor(count * duplicateRatio);
    this.accounts = baseAccounts(runId, accounts).map((name) => pad(name, size - messageBytes(messageOf(''))));
    this.messageBytes = size;
    this.runId = runId;
    this.groups = groups === undefined ? [] : runNames(runId, groups, 'g');
    this.#random = random;
  }

  /** Whether every message has been handed out. */
  get done(): boolean {
    return this.#next >= this.total;
  }

  /** Unique messages (distinct idempotency keys) handed out so far. */
  get uniqueSoFar(): number {
    return this.#unique;
  }

  /** The next `n` messages (fewer at the end). */
  take(n: number): PlannedMessage[] {
    const taken: PlannedMessage[] = [];
    while (taken.length < n && !this.done) taken.push(this.#plan(this.#next++));
    return taken;
  }

  #plan(index: number): PlannedMessage {
    // Message i is a duplicate when floor((i+1)·r) steps up: exactly floor(total·r) of them, spread evenly.
    const duplicate = index > 0 && this.#unique > 0 && Math.floor((index + 1) * this.#ratio) > Math.floor(index * this.#ratio);
    const unique = duplicate ? Math.floor(this.#random() * this.#unique) : this.#unique++;
    const account = this.accounts[unique % this.accounts.length] as string;
    const group = this.groups.length === 0 ? {} : { groupId: this.groups[unique % this.groups.length] as string };
    return { index, duplicate, message: { ...messageOf(account), idempotencyKey: `${this.runId}-${unique}`, ...group } };
  }
}

/** `name` lengthened to `length` characters with `_x…` (or as is when already that long). */
function pad(name: string, length: number): string {
  if (length <= name.length) return name;
  return `${name}_${'x'.repeat(length - name.length - 1)}`;
}
