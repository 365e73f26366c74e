/**
 * The functions' one error type: {@link ConveyorError}, told apart by its `code`, never by class or
 * message. What an error means to the API (its HTTP status) and to the consumer (how the message is
 * retried) travels with it; each function keeps the table of the codes it raises
 * (`producer/errors.ts`, `consumer/errors.ts`, `status/status.ts`) and the shared codes are below.
 */

/** How the consumer retries a message whose processing failed with an error. */
export type Retry =
  /** Never: the message cannot succeed; it goes to the dead-letter queue at once. */
  | { readonly kind: 'never' }
  /** When the queue's retry schedule says (the default for anything a handler throws). */
  | { readonly kind: 'backoff' }
  /** After this many seconds, e.g. a downstream's `Retry-After`. */
  | { readonly kind: 'after'; readonly seconds: number }
  /** Another invocation holds the key's lock until `lockExpiresAt` (epoch ms): an in-flight duplicate. */
  | { readonly kind: 'in-flight'; readonly lockExpiresAt: number };

/** {@link Retry} `never`. */
export const NEVER: Retry = { kind: 'never' };
/** {@link Retry} `backoff`. */
export const BACKOFF: Retry = { kind: 'backoff' };

/** What a {@link ConveyorError} carries besides its code and message. */
export interface ConveyorErrorOptions extends ErrorOptions {
  /** How the consumer retries the message. @default the code's entry in its table, else `backoff` */
  readonly retry?: Retry;
  /** The HTTP status the API answers with (API functions only). @default none: a logged 500 */
  readonly status?: number;
  /** The idempotency key of the message, when its envelope could be read (for logs). */
  readonly idempotencyKey?: string;
  /** `<scope>/<id>`: the idempotency record the message is kept under, when known. */
  readonly recordKey?: string;
}

/** Conveyor's error: a stable `code`, a message for people, and what it means to the API and the consumer. */
export class ConveyorError extends Error {
  readonly code: string;
  readonly retry: Retry;
  readonly status: number | undefined;
  readonly idempotencyKey: string | undefined;
  readonly recordKey: string | undefined;

  constructor(code: string, message: string, options: ConveyorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConveyorError';
    this.code = code;
    this.retry = options.retry ?? SHARED_ERRORS[code as SharedErrorCode]?.retry ?? BACKOFF;
    this.status = options.status;
    this.idempotencyKey = options.idempotencyKey;
    this.recordKey = options.recordKey;
  }
}

/** The codes both functions raise, with how the consumer retries each. */
export const SHARED_ERRORS = {
  /** A required environment variable is missing or malformed; thrown once, at cold start. */
  CONFIG_INVALID: { retry: BACKOFF },
  /** A queue message is not a Conveyor envelope. */
  MALFORMED_ENVELOPE: { retry: NEVER },
  /** A message's `type` has no registered handler. */
  UNKNOWN_MESSAGE_TYPE: { retry: NEVER },
  /** A payload does not match its type's schema; the message starts with the field's path. */
  INVALID_PAYLOAD: { retry: NEVER },
  /** DynamoDB failed a request of the idempotency records adapter (throttling, network, access). */
  RECORDS_UNAVAILABLE: { retry: BACKOFF },
} as const satisfies Record<string, { readonly retry: Retry }>;

/** A code of {@link SHARED_ERRORS}. */
export type SharedErrorCode = keyof typeof SHARED_ERRORS;

/** Whether `error` is a {@link ConveyorError}, with `code` when given. */
export function isConveyorError(error: unknown, code?: string): error is ConveyorError {
  return error instanceof ConveyorError && (code === undefined || error.code === code);
}

/** Whether the consumer must dead-letter a message that failed with `error` rather than retry it. */
export const isPermanent = (error: unknown): error is ConveyorError => error instanceof ConveyorError && error.retry.kind === 'never';
