/** The metrics module's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { MetricsError, MetricsOptionsError } from '../errors.js';
