/** Metrics of the local runtime: EMF parsing, windowed aggregation, and a text table. */
export {
  type HistoryOptions,
  type MetricHistory,
  MetricsAggregator,
  type MetricsAggregatorOptions,
  type MetricsHistory,
  type MetricsSnapshot,
  type MetricTotal,
  type MetricWindow,
  type SnapshotOptions,
} from './metrics-aggregator.js';
export { Distribution, EXACT_SAMPLE_LIMIT } from './distribution.js';
export { EMF_MAX_DIMENSIONS, EMF_MAX_MAGNITUDE, parseEmf, type EmfRecord } from './emf.js';
export { MetricsError, MetricsOptionsError } from '../errors.js';
export { formatMetricsTable } from './table.js';
