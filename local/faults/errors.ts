import { LocalRuntimeError } from '../errors.js';

/** Root of the fault module's errors. */
export class FaultError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FaultError';
  }
}

/** A fault rule (or the JSON carrying it) is invalid; `message` names the offending field. */
export class InvalidFaultRuleError extends FaultError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidFaultRuleError';
  }
}
