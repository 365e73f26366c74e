/**
 * The benchmarks' errors (`npm run bench`): one class, {@link BenchError}, with a
 * {@link BenchErrorCode} from {@link BENCH_ERRORS}. Callers branch on `code`, never on the message.
 */

/** Every code a {@link BenchError} can carry, with what it means. */
export const BENCH_ERRORS = {
  /** An option of the emulator ceiling (`bench/ceiling.ts`, its environment) is invalid or unknown; the message names it. */
  INVALID_CEILING_OPTIONS: 'the ceiling was given an invalid option',
  /** A ceiling run could not be measured: the emulators or the function worker failed, or no message was processed. */
  CEILING_RUN_FAILED: 'a ceiling run could not be measured',
  /** The cold-start benchmark (`bench/cold-start.ts`) was given an invalid option: a bad `repeats`, no Node binary. */
  INVALID_COLD_START_OPTIONS: 'the cold-start benchmark was given an invalid option',
  /** A function to measure has no bundle: no bundled asset in the template, or no handler module in its folder. */
  BUNDLE_NOT_FOUND: 'a function has no bundle to measure',
  /** A cold-start child failed: its Node binary did not run, it exited non-zero (a failed import), it printed no timing, or it left its compile cache empty. */
  PROBE_FAILED: 'a cold-start probe failed',
  /** The price table (`bench/cost/prices.json`) is unreadable, misses a price or has an invalid entry; the message names the key. */
  INVALID_PRICE_TABLE: 'the price table is invalid',
  /** Invalid input to the cost model (`bench/cost/`): a negative count, a share outside 0..1, an unknown option; the message names it. */
  INVALID_COST_INPUT: 'the cost model was given invalid input',
  /** The latency chart (`bench/chart.ts`) cannot be drawn: no series, no points, a non-positive latency on the log scale, an unknown option. */
  INVALID_CHART_INPUT: 'the latency chart was given invalid input',
  /** The fan-out benchmark (`bench/fan-out/`) was given an invalid option, or a message never arrived; the message names it. */
  FAN_OUT_FAILED: 'the fan-out benchmark could not be measured',
} as const;

/** What went wrong; see {@link BENCH_ERRORS}. */
export type BenchErrorCode = keyof typeof BENCH_ERRORS;

/** The one error the benchmarks raise. */
export class BenchError extends Error {
  /** What went wrong, for callers that branch on it. */
  readonly code: BenchErrorCode;

  /**
   * @param code what went wrong
   * @param message human-readable detail; it names the option, key or series at fault
   * @param options optional `cause`
   */
  constructor(code: BenchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
    this.code = code;
  }
}
