/** The state folder's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { AlreadyRunningError, PortInUseError } from '../errors.js';
