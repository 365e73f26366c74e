/** The synth step's error, defined with the rest of the runtime's in `local/errors.ts`. */
export { SynthError } from '../errors.js';
