import { createLedgerCredit } from './ledger-credit.js';
import type { MessageType, PayloadOf } from '../../shared/message-types/index.js';
import type { MessageHandler } from './types.js';

/** What the shipped handlers need. */
export interface HandlerDeps {
  readonly ledgerTableName: string;
}

/** One handler per shipped message type, typed by its payload; the compiler refuses a missing one. */
export type ShippedHandlers = { readonly [T in MessageType]: MessageHandler<PayloadOf<T>> };

/**
 * The one place the shipped message types meet their handlers. To add a type: add its payload
 * parser to `SHIPPED_TYPES` in `functions/shared/message-types/index.ts` (the producer then
 * accepts it) and its handler here (the compiler insists).
 */
export function createHandlers(deps: HandlerDeps): ShippedHandlers {
  return {
    'ledger.credit': createLedgerCredit({ tableName: deps.ledgerTableName }),
  };
}

export type { HandlerContext, HandlerRegistry, InsertHandler, LockedHandler, LockedHandlerDefinition, MessageHandler, RetryOverride, TransactionalHandler } from './types.js';
