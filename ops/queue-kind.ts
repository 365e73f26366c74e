/**
 * What the target's main queue allows per message. The CLI tells a FIFO queue from a standard one
 * by its `QueueUrl` output (a FIFO queue's name ends in `.fifo`, on AWS and locally), so it can
 * say what is wrong before sending, and pick message groups for a load run.
 */
import { FIFO_QUEUE_SUFFIX } from '../contract/index.js';
import type { MessageInput } from './api-client.js';

/** A FIFO queue (ordered per message group, a group on every message, no per-message delay) or a standard one. */
export type QueueKind = 'fifo' | 'standard';


/** Message groups a load run spreads its messages over on a FIFO queue when `--groups` is not given. */
export const DEFAULT_LOAD_GROUPS = 10;


/** The kind of the queue at `queueUrl`; undefined when there is no URL (the API then decides alone). */
export function queueKindOf(queueUrl: string | undefined): QueueKind | undefined {
  if (queueUrl === undefined || queueUrl === '') return undefined;
  return queueUrl.replace(/\/+$/, '').endsWith(FIFO_QUEUE_SUFFIX) ? 'fifo' : 'standard';
}

/** Why a message does not suit a queue: no group on a FIFO queue, or a delay on one. */
export type QueueMismatch = 'group-required' | 'delay-not-supported';

/** Fields the command line gives messages that do not set them themselves. */
export interface MessageDefaults {
  /** The message group (`--group-id`). */
  readonly groupId?: string;
  /** Delivery delay, seconds (`--delay-seconds`). */
  readonly delaySeconds?: number;
}

/** `message` with each of `defaults` added where the message has no such field. */
export function withDefaults(message: MessageInput, defaults: MessageDefaults): MessageInput {
  return {
    ...message,
    ...(message.groupId === undefined && defaults.groupId !== undefined ? { groupId: defaults.groupId } : {}),
    ...(message.delaySeconds === undefined && defaults.delaySeconds !== undefined ? { delaySeconds: defaults.delaySeconds } : {}),
  };
}

/**
 * What the queue would refuse in `message`, if anything (the API checks the rest and names it).
 * An unknown kind checks nothing.
 */
export function queueMismatch(message: MessageInput, kind: QueueKind | undefined): QueueMismatch | undefined {
  if (kind !== 'fifo') return undefined;
  if (message.groupId === undefined) return 'group-required';
  if (message.delaySeconds !== undefined) return 'delay-not-supported';
  return undefined;
}
