import { LocalRuntimeError } from '../errors.js';

/** `cdk synth` failed; `output` holds the end of what it printed. */
export class SynthError extends LocalRuntimeError {
  constructor(message: string, readonly output: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SynthError';
  }
}
