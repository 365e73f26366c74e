/**
 * Errors raised by the `ConveyorQueue` construct at synth time.
 *
 * Callers distinguish them with `instanceof`, never by matching messages.
 */

/** Options shared by every Conveyor construct error. */
export interface ConveyorConstructErrorOptions {
  /** The underlying error, if this one wraps another. */
  readonly cause?: unknown;
}

/** Root of every error thrown by the Conveyor constructs. */
export class ConveyorConstructError extends Error {
  /**
   * @param message human-readable description, prefixed with the construct name
   * @param options optional `cause`
   */
  public constructor(message: string, options: ConveyorConstructErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConveyorConstructError';
  }
}

/** A prop of `ConveyorQueue` is out of its allowed range or inconsistent with another prop. */
export class ConveyorPropsError extends ConveyorConstructError {
  /** The prop that failed validation (the first one named in the message). */
  public readonly prop: string;

  /**
   * @param prop the offending prop
   * @param message full message; it names the prop and its allowed range
   * @param options optional `cause`
   */
  public constructor(prop: string, message: string, options: ConveyorConstructErrorOptions = {}) {
    super(message, options);
    this.name = 'ConveyorPropsError';
    this.prop = prop;
  }
}

/** A caller passed a prop key that `ConveyorQueue` does not know (typically a typo from JavaScript). */
export class UnknownConveyorPropError extends ConveyorPropsError {
  /**
   * @param prop the unknown key
   * @param knownProps every key the construct accepts, listed in the message
   */
  public constructor(prop: string, knownProps: readonly string[]) {
    super(prop, `ConveyorQueue: unknown prop ${prop}; known props are ${knownProps.join(', ')}`);
    this.name = 'UnknownConveyorPropError';
  }
}
