import type { SQSRecord } from 'aws-lambda';
import { type Envelope, parseEnvelope, recordKeyOf } from '../shared/envelope.js';
import { InvalidPayloadError, MalformedEnvelopeError, UnknownMessageTypeError } from '../shared/errors.js';
import { parsePayload } from '../shared/message-types/index.js';
import { type InvalidMessageCode, InvalidMessageError } from './errors.js';
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

const CODES = new Map<Function, InvalidMessageCode>([
  [MalformedEnvelopeError, 'MALFORMED_ENVELOPE'],
  [UnknownMessageTypeError, 'UNKNOWN_MESSAGE_TYPE'],
  [InvalidPayloadError, 'INVALID_PAYLOAD'],
]);

/**
 * Parses a record's envelope, checks its payload against the type's parser, and hashes it. Every
 * failure here is in the message itself, so it is permanent: an {@link InvalidMessageError} whose
 * code names the class (MALFORMED_ENVELOPE, UNKNOWN_MESSAGE_TYPE, INVALID_PAYLOAD).
 */
export function prepareMessage(record: Pick<SQSRecord, 'body'>): PreparedMessage {
  let envelope: Envelope | undefined;
  try {
    envelope = parseEnvelope(record.body);
    const payload = parsePayload(envelope.type, envelope.payload);
    return { envelope, payload, hash: payloadHash(envelope.type, envelope.payload), recordKey: recordKeyOf(envelope) };
  } catch (error) {
    const code = CODES.get((error as Error).constructor) ?? 'MALFORMED_ENVELOPE';
    throw new InvalidMessageError(code, (error as Error).message, envelope?.id, { cause: error, ...(envelope ? { recordKey: recordKeyOf(envelope) } : {}) });
  }
}
