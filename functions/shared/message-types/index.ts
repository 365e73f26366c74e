import type { JsonObject } from '../envelope.js';
import { ConveyorError } from '../errors.js';
import { parseLedgerCredit } from './ledger-credit.js';

/** Checks a payload and returns it typed; throws an `INVALID_PAYLOAD` `ConveyorError` when it does not fit. */
export type PayloadParser<T> = (payload: JsonObject) => T;

/**
 * Every message type Conveyor accepts, with the parser for its payload. The producer rejects
 * other types with a 400 before anything is queued; the consumer's router maps each of these
 * types to its handler (a test checks the two lists are the same).
 */
export const payloadParsers = {
  'ledger.credit': parseLedgerCredit,
} as const satisfies Record<string, PayloadParser<unknown>>;

/** A registered message type name. */
export type MessageType = keyof typeof payloadParsers;

/** The parsed payload of message type `T`. */
export type PayloadOf<T extends MessageType> = ReturnType<(typeof payloadParsers)[T]>;

/** Whether `type` is registered. */
export const isMessageType = (type: string): type is MessageType => Object.hasOwn(payloadParsers, type);

/** Parses `payload` as message type `type`; throws for unknown types and invalid payloads. */
export function parsePayload(type: string, payload: JsonObject): unknown {
  if (!isMessageType(type)) throw new ConveyorError('UNKNOWN_MESSAGE_TYPE', `unknown message type '${type}'`);
  return payloadParsers[type](payload);
}

export type { LedgerCredit } from './ledger-credit.js';
