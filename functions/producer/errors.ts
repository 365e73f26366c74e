import { HttpError } from '../shared/http.js';

export { HttpError };

/** 400 VALIDATION_FAILED: the body does not match the message schema. */
export class ValidationError extends HttpError {
  constructor(message: string) {
    super(400, 'VALIDATION_FAILED', message);
    this.name = 'ValidationError';
  }
}

/** 400 MALFORMED_JSON: the body is empty or not JSON. */
export class MalformedJsonError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'MALFORMED_JSON', message, options);
    this.name = 'MalformedJsonError';
  }
}

/** 400 INVALID_ENCODING: the body is not valid UTF-8. */
export class InvalidEncodingError extends HttpError {
  constructor(options?: ErrorOptions) {
    super(400, 'INVALID_ENCODING', 'request body is not valid UTF-8', options);
    this.name = 'InvalidEncodingError';
  }
}

/** 400 INVALID_IDEMPOTENCY_KEY: the key is not 1–128 characters of [A-Za-z0-9_.:-], or misplaced. */
export class InvalidIdempotencyKeyError extends HttpError {
  constructor(message: string) {
    super(400, 'INVALID_IDEMPOTENCY_KEY', message);
    this.name = 'InvalidIdempotencyKeyError';
  }
}

/** 400 UNKNOWN_MESSAGE_TYPE: no handler is registered for the message type. */
export class UnknownTypeError extends HttpError {
  constructor(message: string) {
    super(400, 'UNKNOWN_MESSAGE_TYPE', message);
    this.name = 'UnknownTypeError';
  }
}

/** 400 INVALID_PAYLOAD: the payload does not fit its type. */
export class InvalidPayloadHttpError extends HttpError {
  constructor(message: string) {
    super(400, 'INVALID_PAYLOAD', message);
    this.name = 'InvalidPayloadHttpError';
  }
}

/** 400 INVALID_MESSAGE_CONTENTS: SQS refused the message's characters. */
export class InvalidMessageContentsError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'INVALID_MESSAGE_CONTENTS', message, options);
    this.name = 'InvalidMessageContentsError';
  }
}

/** 404 NOT_FOUND: no such route. */
export class RouteNotFoundError extends HttpError {
  constructor(method: string, path: string) {
    super(404, 'NOT_FOUND', `no route for ${method} ${path}`);
    this.name = 'RouteNotFoundError';
  }
}

/** 413 PAYLOAD_TOO_LARGE: the body, or one message's envelope, is over the limit. */
export class PayloadTooLargeError extends HttpError {
  constructor(message: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message);
    this.name = 'PayloadTooLargeError';
  }
}

/** 415 UNSUPPORTED_MEDIA_TYPE: the body is not `application/json` (UTF-8). */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(message: string) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** 503 QUEUE_UNAVAILABLE: SQS did not take the message; nothing was enqueued, retry later. */
export class QueueUnavailableError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(503, 'QUEUE_UNAVAILABLE', message, options);
    this.name = 'QueueUnavailableError';
  }
}
