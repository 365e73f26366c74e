import type { ConveyorError } from '../shared/errors.js';

/** What became of one record of a batch. */
export type Outcome =
  /** The effect was applied (once). Times are epoch ms. */
  | { readonly status: 'processed'; readonly startedAt: number; readonly finishedAt: number }
  /** The key was already completed: nothing applied, message deleted. */
  | { readonly status: 'duplicate' }
  /** Permanent failure: to be (or already) sent to the dead-letter queue, then deleted. */
  | { readonly status: 'dead-lettered'; readonly error: ConveyorError }
  /** Transient failure: reported as a batch item failure and received again later. */
  | { readonly status: 'retry'; readonly error: Error };

/** A transient outcome for `error`. */
export const retry = (error: unknown): Outcome => ({
  status: 'retry',
  error: error instanceof Error ? error : new Error(String(error)),
});
