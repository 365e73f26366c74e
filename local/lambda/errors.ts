/** The function host's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { FunctionHostError, FunctionHostOptionsError, WorkerBuildError } from '../errors.js';
