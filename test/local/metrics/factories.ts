import { DEFAULT_METRICS_NAMESPACE, METRICS, SERVICE_DIMENSION } from '../../../contract/index.js';

const { MessagesAccepted } = METRICS;

/**
 * An EMF line as Powertools Metrics prints it; by default one `MessagesAccepted` of 1 in the default
 * namespace, with the `service` dimension set to `Conveyor` (the default stack name).
 */
export function emfLine(options: {
  namespace?: string;
  timestamp?: number;
  dimensions?: Record<string, string>;
  metrics?: Record<string, { unit?: string; value: unknown }>;
} = {}): string {
  const dimensions = options.dimensions ?? { [SERVICE_DIMENSION]: 'Conveyor' };
  const metrics = options.metrics ?? { [MessagesAccepted.name]: { unit: MessagesAccepted.unit, value: 1 } };
  return JSON.stringify({
    _aws: {
      Timestamp: options.timestamp ?? 1_764_287_000_000,
      CloudWatchMetrics: [
        {
          Namespace: options.namespace ?? DEFAULT_METRICS_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(metrics).map(([Name, { unit }]) => (unit ? { Name, Unit: unit } : { Name })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(Object.entries(metrics).map(([name, { value }]) => [name, value])),
  });
}

/** A clock the test moves by hand (epoch ms). */
export function fakeClock(start = 1_764_287_000_000): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms), set: (ms) => (time = ms) };
}
