import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The Powertools Logger and Metrics every function uses. Service name, namespace and log level come
 * from the standard `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE` and
 * `POWERTOOLS_LOG_LEVEL` variables the stack sets. No options are passed on purpose: Powertools lets
 * constructor options override those variables, which would silently detach the metrics from the
 * dashboard's `service` dimension.
 */
export function createObservability(): { logger: Logger; metrics: Metrics } {
  return { logger: new Logger(), metrics: new Metrics() };
}
