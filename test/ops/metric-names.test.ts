import { describe, expect, it } from 'vitest';
import { CUSTOM_METRICS } from '../../infra/constructs/metrics.js';
import { COUNT_METRICS, LATENCY_METRIC } from '../../ops/stats.js';

// `conveyor stats` names the stack's metrics itself (the CLI does not load the CDK); they must be the ones the stack defines.
describe('the metric names conveyor stats reads', () => {
  it('are metrics the stack defines', () => {
    for (const name of [...Object.values(COUNT_METRICS), LATENCY_METRIC]) expect(Object.keys(CUSTOM_METRICS)).toContain(name);
  });
});
