import type { ConveyorError } from '../shared/errors.js';
import type { RetryPlan, RetryState } from './retry/state.js';

/** What became of one record of a batch. */
export type Outcome =
  /** The effect was applied (once). Times are epoch ms. */
  | { readonly status: 'processed'; readonly startedAt: number; readonly finishedAt: number }
  /** The key was already completed: nothing applied, message deleted. */
  | { readonly status: 'duplicate' }
  /**
   * Permanent failure, or a transient one out of retries: to be (or already) sent to the dead-letter
   * queue, then deleted. `retries` is the message's attempts and their failures, when it had any.
   */
  | { readonly status: 'dead-lettered'; readonly error: ConveyorError; readonly retries?: RetryState }
  /** Transient failure: reported as a batch item failure and received again later, as `plan` says (once planned). */
  | { readonly status: 'retry'; readonly error: Error; readonly plan?: RetryPlan }
  /** Transient failure carried on by a delayed copy (standard queues): the original is deleted. */
  | { readonly status: 'rescheduled'; readonly error: Error; readonly plan: RetryPlan };

/** A transient outcome for `error`. */
export const retry = (error: unknown): Outcome => ({
  status: 'retry',
  error: error instanceof Error ? error : new Error(String(error)),
});
