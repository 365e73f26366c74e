import type { Logger } from '@aws-lambda-powertools/logger';
import type { Envelope } from '../../shared/envelope.js';
import type { MessageType, PayloadOf } from '../../shared/message-types/index.js';

/** What a handler knows about the message besides its payload. */
export interface HandlerContext {
  readonly envelope: Envelope;
  /** The SQS message id of this delivery. */
  readonly messageId: string;
  readonly logger: Logger;
}

/**
 * Applies one message's effect. It runs at most once per idempotency key while the consumer holds
 * the key's lock; throw `PermanentError` for input it can never process, anything else to retry.
 */
export type MessageHandler<T extends MessageType> = (payload: PayloadOf<T>, context: HandlerContext) => Promise<void>;

/** One handler per registered message type; the compiler refuses a registry that misses one. */
export type HandlerRegistry = { readonly [T in MessageType]: MessageHandler<T> };
