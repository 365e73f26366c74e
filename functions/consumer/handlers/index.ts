import { createLedgerCredit } from './ledger-credit.js';
import type { HandlerRegistry } from './types.js';

/** What the shipped handlers need. */
export interface HandlerDeps {
  readonly ledgerTableName: string;
}

/**
 * The one place message types meet their handlers. To add a type: add its payload parser to
 * `functions/shared/message-types/index.ts` (the producer then accepts it) and its handler here
 * (the compiler insists).
 */
export function createHandlers(deps: HandlerDeps): HandlerRegistry {
  return {
    'ledger.credit': createLedgerCredit({ tableName: deps.ledgerTableName }),
  };
}

export type { HandlerContext, HandlerRegistry, InsertHandler, LockedHandler, LockedHandlerDefinition, MessageHandler, RetryOverride, TransactionalHandler } from './types.js';
