/** The SQS event source mapping's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { DeleteFailedError, EventSourceError, EventSourceOptionsError, ReceiveFailedError, ReleaseFailedError } from '../errors.js';
