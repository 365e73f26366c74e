/** The emulators' error, defined with the rest of the runtime's in `local/errors.ts`. */
export { EmulatorError } from '../errors.js';
