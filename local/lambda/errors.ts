import { LocalRuntimeError } from '../errors.js';

/** Root of the function host's errors. */
export class FunctionHostError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FunctionHostError';
  }
}

/** `FunctionHostOptions` (or the spec) holds a value the host cannot work with; the message names the option. */
export class FunctionHostOptionsError extends FunctionHostError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FunctionHostOptionsError';
  }
}

/** The worker bootstrap could not be compiled with esbuild. */
export class WorkerBuildError extends FunctionHostError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkerBuildError';
  }
}
