import { beforeAll, describe, expect, it } from 'vitest';
import { customProps, propertiesOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

/** One metric an alarm or a dashboard graph reads: where it is, and what it selects. */
interface MetricUse {
  readonly where: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, unknown>;
  readonly unit?: unknown;
}

/** Every metric the alarms and the dashboard of `s` read, outside the `AWS/` namespaces. */
function customMetricUses(s: SynthesizedConveyor): MetricUse[] {
  const resources = s.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const dimensionsOf = (list: unknown) => Object.fromEntries(((list ?? []) as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value]));
  const uses: MetricUse[] = [];
  for (const [id, { Type, Properties: p }] of Object.entries(resources)) {
    if (Type !== 'AWS::CloudWatch::Alarm') continue;
    if (typeof p.Namespace === 'string') uses.push({ where: id, namespace: p.Namespace, name: String(p.MetricName), dimensions: dimensionsOf(p.Dimensions), unit: p.Unit });
    for (const query of (p.Metrics ?? []) as { MetricStat?: { Metric: Record<string, unknown>; Unit?: unknown } }[]) {
      const metric = query.MetricStat?.Metric;
      if (metric) uses.push({ where: id, namespace: String(metric.Namespace), name: String(metric.MetricName), dimensions: dimensionsOf(metric.Dimensions), unit: query.MetricStat?.Unit });
    }
  }
  const body = propertiesOf(s, s.conveyor.dashboard).DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  for (const widget of (JSON.parse(text) as { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] }).widgets) {
    for (const metric of widget.properties.metrics ?? []) {
      const options = typeof metric.at(-1) === 'object' ? (metric.at(-1) as Record<string, unknown>) : {};
      const [namespace, name, ...rest] = metric.filter((part) => typeof part !== 'object') as string[];
      const dimensions = Object.fromEntries(Array.from({ length: rest.length / 2 }, (_, i) => [rest[2 * i], rest[2 * i + 1]]));
      uses.push({ where: `dashboard: ${widget.properties.title}`, namespace: namespace as string, name: name as string, dimensions, unit: options.unit });
    }
  }
  return uses.filter((use) => !use.namespace.startsWith('AWS/'));
}

/** The namespace and service Powertools Metrics publishes under in a function of `s`: its environment. */
function publishedUnder(s: SynthesizedConveyor, fn: 'producer' | 'consumer') {
  const variables = (propertiesOf(s, s.conveyor[fn]).Environment as { Variables: Record<string, string> }).Variables;
  return { namespace: variables.POWERTOOLS_METRICS_NAMESPACE, service: variables.POWERTOOLS_SERVICE_NAME };
}

describe('custom metrics', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;

  beforeAll(() => {
    defaults = synthConveyor({}, { stackName: 'Orders' });
    custom = synthConveyor(customProps());
  });

  it.each([['defaults', () => defaults], ['metricsNamespace and serviceName', () => custom]])(
    'are read where the functions publish them, with %s',
    (_case, synthesized) => {
      const s = synthesized();
      const producer = publishedUnder(s, 'producer');
      const uses = customMetricUses(s);

      expect(publishedUnder(s, 'consumer')).toEqual(producer);
      expect(uses.length).toBeGreaterThan(0);
      // Powertools Metrics publishes every metric with the one dimension `service` = POWERTOOLS_SERVICE_NAME.
      for (const { where, namespace, dimensions } of uses) {
        expect({ where, namespace, dimensions }).toEqual({ where, namespace: producer.namespace, dimensions: { service: producer.service } });
      }
    },
  );

  it('are read whatever unit a datapoint was published with (no unit filter)', () => {
    for (const { where, name, unit } of customMetricUses(defaults)) expect({ where, name, unit }).toEqual({ where, name, unit: undefined });
  });
});
