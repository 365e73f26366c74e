import type { JsonObject } from '../envelope.js';
import { ConveyorError } from '../errors.js';

/** Checks a payload and returns it typed; throws an `INVALID_PAYLOAD` `ConveyorError` when it does not fit. */
export type PayloadParser<T = unknown> = (payload: JsonObject) => T;

/**
 * The message types a function knows, by name, with each one's payload parser. The producer and
 * the consumer take it as an argument (their entry points pass the shipped types), so nothing in
 * their cores names a type.
 */
export type TypeRegistry = Readonly<Record<string, PayloadParser>>;

/** The registered type names, for messages. */
export const typeNames = (types: TypeRegistry): string[] => Object.keys(types);

/** Parses `payload` as message type `type` of `types`; throws `UNKNOWN_MESSAGE_TYPE` or the parser's `INVALID_PAYLOAD`. */
export function parsePayload(types: TypeRegistry, type: string, payload: JsonObject): unknown {
  if (!Object.hasOwn(types, type)) throw new ConveyorError('UNKNOWN_MESSAGE_TYPE', `unknown message type '${type}'`);
  return (types[type] as PayloadParser)(payload);
}
