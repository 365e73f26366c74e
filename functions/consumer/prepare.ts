import type { SQSRecord } from 'aws-lambda';
import { type Envelope, parseEnvelope, recordKeyOf } from '../shared/envelope.js';
import { ConveyorError, isPermanent, NEVER } from '../shared/errors.js';
import { parsePayload, type TypeRegistry } from '../shared/message-types/index.js';
import { payloadHash } from './idempotency/hash.js';

/** A record whose envelope and payload have been checked. */
export interface PreparedMessage {
  readonly envelope: Envelope;
  /** The payload as its type's parser returned it. */
  readonly payload: unknown;
  /** Hash of type and payload, stored with the idempotency record. */
  readonly hash: string;
  /** What the idempotency record is keyed by: the envelope's key within its scope (`<scope>/<id>`). */
  readonly recordKey: string;
}

/**
 * Parses a record's envelope, checks its payload against its type's parser in `types`, and hashes it. Every
 * failure here is in the message itself, so it is permanent: a {@link ConveyorError} whose code
 * names the class (MALFORMED_ENVELOPE, UNKNOWN_MESSAGE_TYPE, INVALID_PAYLOAD), carrying the
 * idempotency key and record key when the envelope could be read.
 */
export function prepareMessage(record: Pick<SQSRecord, 'body'>, types: TypeRegistry): PreparedMessage {
  let envelope: Envelope | undefined;
  try {
    envelope = parseEnvelope(record.body);
    const payload = parsePayload(types, envelope.type, envelope.payload);
    return { envelope, payload, hash: payloadHash(envelope.type, envelope.payload), recordKey: recordKeyOf(envelope) };
  } catch (error) {
    const code = isPermanent(error) ? error.code : 'MALFORMED_ENVELOPE';
    throw new ConveyorError(code, (error as Error).message, {
      cause: error,
      retry: NEVER,
      ...(envelope ? { idempotencyKey: envelope.id, recordKey: recordKeyOf(envelope) } : {}),
    });
  }
}
