/**
 * The errors of the Conveyor CDK app, at synth time: one class, {@link ConveyorConstructError},
 * with a {@link ConveyorConstructErrorCode} from {@link CONVEYOR_CONSTRUCT_ERRORS} and the
 * `setting` at fault. The construct raises the prop codes, `infra/context.ts` the context ones,
 * `infra/config/` the config ones.
 * Callers branch on `code` (and `setting`), never on the message.
 */

/** Every code a {@link ConveyorConstructError} can carry, with what it means. */
export const CONVEYOR_CONSTRUCT_ERRORS = {
  /** A `ConveyorQueue` prop is out of its allowed range or inconsistent with another prop; the message names it and its range. */
  INVALID_PROP: 'a prop is out of range or inconsistent with another',
  /** A key that `ConveyorQueueProps` does not have (typically a typo from JavaScript); the message lists the known props. */
  UNKNOWN_PROP: 'a prop is not one of ConveyorQueueProps',
  /** A context value (`-c key=value` or cdk.json) is not of the type or value its key expects; the message names both. */
  INVALID_CONTEXT: 'a context value does not parse',
  /** A context key that looks like a Conveyor setting but is not one (typically a typo); the message lists the keys Conveyor reads. */
  UNKNOWN_CONTEXT_KEY: 'a context key is not one Conveyor reads',
  /**
   * `conveyor.config.ts` cannot be loaded, does not export a config, or holds a value out of range, a
   * bad queue name, or a number of queues Conveyor does not deploy yet; the message names the path
   * (`queues.ledger.batchSize`) and the rule.
   */
  INVALID_CONFIG: 'conveyor.config.ts is not a valid config',
  /**
   * A key `conveyor.config.ts` does not have at its place (a typo, or a stack-wide setting under a
   * queue and the reverse); the message names the path and lists the keys allowed there.
   */
  UNKNOWN_CONFIG_KEY: 'a key of conveyor.config.ts is not one its place allows',
} as const;

/** What went wrong; see {@link CONVEYOR_CONSTRUCT_ERRORS}. */
export type ConveyorConstructErrorCode = keyof typeof CONVEYOR_CONSTRUCT_ERRORS;

/** Options of a {@link ConveyorConstructError}. */
export interface ConveyorConstructErrorOptions {
  /** The underlying error, if this one wraps another. */
  readonly cause?: unknown;
}

/** The one error the Conveyor app and constructs throw at synth time. */
export class ConveyorConstructError extends Error {
  /** What went wrong, for callers that branch on it. */
  public readonly code: ConveyorConstructErrorCode;
  /**
   * The setting at fault: the prop for the `*_PROP` codes (the first one the message names), the
   * context key for the `*_CONTEXT*` codes, the path in `conveyor.config.ts` for the `*_CONFIG*`
   * codes (`queues.ledger.batchSize`; empty for the file as a whole).
   */
  public readonly setting: string;

  /**
   * @param code what went wrong
   * @param setting the prop or context key at fault
   * @param message full message; it names the setting and what it allows
   * @param options optional `cause`
   */
  public constructor(code: ConveyorConstructErrorCode, setting: string, message: string, options: ConveyorConstructErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConveyorConstructError';
    this.code = code;
    this.setting = setting;
  }
}
