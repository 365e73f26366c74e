import { LocalRuntimeError } from '../errors.js';

/** An emulator could not start, or the stack's queues and tables could not be created on the endpoint. */
export class EmulatorError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmulatorError';
  }
}
