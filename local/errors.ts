/** Root of every error the local runtime raises; modules under `local/` subclass it in their own `errors.ts`. */
export class LocalRuntimeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRuntimeError';
  }
}
