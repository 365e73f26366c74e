import { LocalRuntimeError } from '../errors.js';

/** `cdk.out` is missing, unreadable, or holds no usable stack. */
export class CloudAssemblyError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CloudAssemblyError';
  }
}

/** The template uses something the local runtime cannot resolve or run (an intrinsic, a reference, a property). */
export class UnsupportedTemplateError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedTemplateError';
  }
}
