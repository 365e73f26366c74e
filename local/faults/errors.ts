/** The fault module's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { FaultError, InvalidFaultRuleError } from '../errors.js';
