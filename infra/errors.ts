/**
 * Errors raised while building the Conveyor app from CDK context.
 *
 * Callers distinguish them with `instanceof`, never by matching messages.
 */

/** A context value (`-c key=value` or cdk.json) is missing its expected type or value. */
export class ConveyorContextError extends Error {
  /** The context key at fault. */
  public readonly key: string;

  /**
   * @param key the context key at fault
   * @param message full message; it names the key and what it expects
   * @param options optional `cause`
   */
  public constructor(key: string, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConveyorContextError';
    this.key = key;
  }
}

/** A context key looks like a Conveyor setting but is not one (typically a typo). */
export class UnknownContextKeyError extends ConveyorContextError {
  /**
   * @param key the unknown key
   * @param knownKeys the keys Conveyor reads, listed in the message
   */
  public constructor(key: string, knownKeys: readonly string[]) {
    super(key, `Unknown context key "${key}". Conveyor reads: ${knownKeys.join(', ')}`);
    this.name = 'UnknownContextKeyError';
  }
}
