/**
 * The pipeline's sustained rate as a steady state: the highest rate at which batch requests paced
 * in the open loop are applied as fast as they arrive. The closed-loop runs (`measureSustained`: 16
 * clients as fast as the API answers, then the consumer drains the queue) overstate it on a small
 * machine: the API takes the messages in the first seconds and the consumer then drains them with
 * the producer idle, so both never compete for the cores as they do under a steady load. At 90 % of
 * the closed-loop rate the queue grew without end (p50 in seconds), which said nothing about the
 * latency at 90 % of what the pipeline can carry.
 */
import { sendPaced, waitForCredits } from './load.js';
import type { BenchRuntime } from './support/bench-runtime.js';
import { waitForEmpty } from './consumers.js';

/** The backlog, in seconds of messages, a probe may leave when its last request is answered. */
export const MAX_LAG_SECONDS = 0.2;

/** Options of {@link measureSteadyRate}. */
export interface SteadyRateOptions {
  /** Seconds each probe sends for. */
  readonly seconds: number;
  /** The highest rate tried, msg/s: the closed-loop rate, an upper bound. */
  readonly upperBound: number;
  /** Probes after the upper bound, halving the interval each time. @default 4 */
  readonly probes?: number;
  /**
   * Largest backlog, in seconds of messages at the probe's rate, still counted as keeping up when
   * the last request is answered: a few times the pipeline's p50 latency at moderate load (~30 ms),
   * so that a rate whose queue is only just not growing (latency in the hundreds of ms) is not
   * counted as carried. @default {@link MAX_LAG_SECONDS}
   */
  readonly maxLagSeconds?: number;
}

/** One paced probe. */
export interface RateProbe {
  readonly rate: number;
  /** Messages sent but not yet applied when the last request was answered. */
  readonly backlog: number;
  /** Whether `backlog` was within `maxLagSeconds` of the rate. */
  readonly keptUp: boolean;
}

/** What {@link measureSteadyRate} found. */
export interface SteadyRate {
  /** The highest probed rate that kept up, msg/s. */
  readonly messagesPerSecond: number;
  readonly upperBound: number;
  readonly maxLagSeconds: number;
  /** Every probe, in order. */
  readonly probes: readonly RateProbe[];
}

/**
 * Tries `upperBound`, then bisects between the highest rate that kept up (starting from a quarter
 * of the bound) and the lowest that did not. Each probe sends for `seconds`, reads the backlog as
 * the last request is answered, then waits for the queue to drain before the next.
 */
export async function measureSteadyRate(runtime: BenchRuntime, options: SteadyRateOptions, progress: (label: string) => void = () => undefined): Promise<SteadyRate> {
  const maxLagSeconds = options.maxLagSeconds ?? MAX_LAG_SECONDS;
  const probes: RateProbe[] = [];
  const probe = async (rate: number): Promise<boolean> => {
    const run = await sendPaced(runtime, rate, options.seconds);
    const backlog = run.messages - (await runtime.ledgerCredits(run.prefix));
    const keptUp = backlog <= rate * maxLagSeconds;
    probes.push({ rate, backlog, keptUp });
    progress(`steady rate: ${rate.toFixed(0)} msg/s ${keptUp ? 'kept up' : `fell behind (${backlog} queued)`}`);
    await waitForCredits(runtime, run.prefix, run.messages);
    await waitForEmpty(runtime);
    return keptUp;
  };
  let good = options.upperBound / 4;
  let bad = options.upperBound;
  if (await probe(options.upperBound)) good = options.upperBound;
  else {
    for (let i = 0; i < (options.probes ?? 4); i += 1) {
      const rate = (good + bad) / 2;
      if (await probe(rate)) good = rate;
      else bad = rate;
    }
  }
  // Nothing kept up: the quarter of the bound, probed too, is reported whatever it did.
  if (!probes.some((item) => item.keptUp)) await probe(good);
  const kept = probes.filter((item) => item.keptUp).map((item) => item.rate);
  return { messagesPerSecond: kept.length > 0 ? Math.max(...kept) : good, upperBound: options.upperBound, maxLagSeconds, probes };
}
