import { parseLedgerCredit } from './ledger-credit.js';
import type { TypeRegistry } from './registry.js';

/**
 * The message types Conveyor ships, with the parser for each one's payload. The functions' entry
 * points hand them to the producer (which refuses other types with a 400 before anything is queued)
 * and to the consumer (which checks at cold start that each has a handler).
 */
export const SHIPPED_TYPES = {
  'ledger.credit': parseLedgerCredit,
} as const satisfies TypeRegistry;

/** A shipped message type name. */
export type MessageType = keyof typeof SHIPPED_TYPES;

/** The parsed payload of shipped message type `T`. */
export type PayloadOf<T extends MessageType> = ReturnType<(typeof SHIPPED_TYPES)[T]>;

export { type PayloadParser, parsePayload, type TypeRegistry, typeNames } from './registry.js';
export type { LedgerCredit } from './ledger-credit.js';
