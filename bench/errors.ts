/** Errors of the benchmarks (`npm run bench`). Callers use `instanceof`, never the message. */

/** Root of every benchmark error. */
export class BenchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
  }
}

/** Invalid options of the emulator ceiling (`bench/ceiling.ts`); the message names the option. */
export class CeilingOptionsError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CeilingOptionsError';
  }
}

/** A ceiling run could not be measured: setup failed, or no message was processed. */
export class CeilingRunError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CeilingRunError';
  }
}

/** The cold-start benchmark (`bench/cold-start.ts`) could not measure a bundle: missing, or its import failed. */
export class ColdStartError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ColdStartError';
  }
}

/** The price table (`bench/cost/prices.json`) is missing a price or has an invalid entry; the message names the key. */
export class PriceTableError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PriceTableError';
  }
}

/** Invalid input to the cost model (`bench/cost/`): a negative count, a share outside 0..1, an unknown option; the message names it. */
export class CostModelError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CostModelError';
  }
}

/** The latency chart (`bench/chart.ts`) cannot be drawn: no series, no points, or a non-positive latency on the log scale. */
export class ChartError extends BenchError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChartError';
  }
}
