import type { MessageTable } from '../../contract/index.js';
import type { HandlerRegistry, MessageHandler } from '../../functions/consumer/handlers/index.js';
import type { TypeRegistry } from '../../functions/shared/message-types/index.js';
import * as ledgerCredit from '../../handlers/ledger-credit.js';
import type { LedgerCredit } from '../../handlers/ledger-credit.js';

/** The example type's parsers, as a generated entry hands them to the producer and the consumer. */
export const EXAMPLE_TYPES = { 'ledger.credit': ledgerCredit.payload } as const satisfies TypeRegistry;

/** The example ledger table's partition key, as conveyor.config.ts declares it. */
export const LEDGER_PARTITION_KEY = 'account';

/** The `ledger` table of a test, as a consumer's `MESSAGE_TABLES` names it. */
export const ledgerTable = (tableName: string): Record<string, MessageTable> => ({ ledger: { tableName, partitionKey: LEDGER_PARTITION_KEY } });

/** The example type's handlers, built from `tables` as the generated consumer entry builds them. */
export function exampleHandlers(tables: Readonly<Record<string, MessageTable>>): HandlerRegistry {
  return { 'ledger.credit': ledgerCredit.handler({ tables, queue: 'ledger' }) };
}

/** Handlers for the example type, typed by its payload (a test's own handlers). */
export type ExampleHandlers = { readonly 'ledger.credit': MessageHandler<LedgerCredit> };
