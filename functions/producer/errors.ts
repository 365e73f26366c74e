import { httpErrors } from '../shared/http.js';

/**
 * Every error the producer answers, by its stable `error.code`, with its HTTP status: one table
 * instead of a class per code (middy's `createError(status, message)` habit). Callers tell them
 * apart by `code`; anything else the producer throws becomes a logged 500.
 */
export const PRODUCER_ERRORS = {
  /** The body does not match the message schema; the message names the field and the rule. */
  VALIDATION_FAILED: 400,
  /** The body is empty or not JSON. */
  MALFORMED_JSON: 400,
  /** A base64 body that is not valid UTF-8 (only with binary media types). */
  INVALID_ENCODING: 400,
  /** An idempotency key that is not 1–128 of [A-Za-z0-9_.:-], or the header on the batch route. */
  INVALID_IDEMPOTENCY_KEY: 400,
  /** No handler is registered for the message type. */
  UNKNOWN_MESSAGE_TYPE: 400,
  /** The payload does not fit its type. */
  INVALID_PAYLOAD: 400,
  /** SQS refused the message's characters. */
  INVALID_MESSAGE_CONTENTS: 400,
  /** No such route (a direct invocation; behind API Gateway the gateway answers first). */
  NOT_FOUND: 404,
  /** The body, or one message's envelope, is over the limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** The body is not `application/json` (UTF-8). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** SQS did not take the message; nothing was enqueued, retry later (answered with Retry-After). */
  QUEUE_UNAVAILABLE: 503,
} as const;

/** A code of {@link PRODUCER_ERRORS}. */
export type ProducerErrorCode = keyof typeof PRODUCER_ERRORS;

/** The error to throw for `code`, with the status the table gives it. */
export const httpError = httpErrors(PRODUCER_ERRORS);
