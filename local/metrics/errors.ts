import { LocalRuntimeError } from '../errors.js';

/** Root of the metrics module's errors. */
export class MetricsError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetricsError';
  }
}

/** Invalid aggregator or snapshot options; `message` names the option. */
export class MetricsOptionsError extends MetricsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetricsOptionsError';
  }
}
