import type { ReloadChanges } from './change-summary.js';

/**
 * What one reload did (`npm start --watch`, or `LocalRuntime.reload()`): the runtime's `reload`
 * event, the dashboard's `reload` event and the console's one line all say it.
 * - `applied`: the new assembly runs (`changes` says what changed; possibly nothing);
 * - `blocked`: the new assembly changes something that cannot change live (`notApplied` says
 *   what); nothing was applied and the old stack keeps running;
 * - `failed`: synthesizing or reading the assembly failed (`error`); the old stack keeps running.
 */
export interface ReloadReport {
  /** Epoch ms when the reload ended. */
  readonly at: number;
  readonly outcome: 'applied' | 'blocked' | 'failed';
  /** From the change seen (or the call) to the end, ms. */
  readonly durationMs: number;
  /** The files whose change started it, relative to the project root; empty for a reload asked for directly. */
  readonly trigger: readonly string[];
  /** Whether `cdk synth` ran (false: the assembly was up to date with the sources, or synth is off). */
  readonly synthesized: boolean;
  /** What changed (applied) or would have (blocked); absent when it failed. */
  readonly changes?: ReloadChanges;
  /** One line: `code of Producer, OrdersConsumer; new queue payments (payments.charge); new type payments.charge`. */
  readonly summary: string;
  /** Why it was not applied, one sentence per resource (outcome `blocked`). */
  readonly notApplied?: readonly string[];
  /** What failed (outcome `failed`). */
  readonly error?: string;
}

/** The console's line for a reload: `reloaded in 1.2 s: code of Producer; new queue payments (payments.charge)`. */
export function reloadLine(report: ReloadReport): string {
  const seconds = `${(report.durationMs / 1000).toFixed(1)} s`;
  switch (report.outcome) {
    case 'applied':
      return `reloaded in ${seconds}: ${report.summary}`;
    case 'blocked':
      return `reload not applied (${seconds}): ${(report.notApplied ?? []).join('; ')}; the running stack is unchanged (it would have been: ${report.summary})`;
    case 'failed':
      return `reload failed (${seconds}): ${report.error ?? 'unknown error'}; the running stack is unchanged`;
  }
}
