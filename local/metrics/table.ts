/** A compact plain-text table of a metrics snapshot, for the CLI banner and logs. */
import type { MetricsSnapshot, MetricWindow } from './metrics-aggregator.js';

const HEADERS = ['metric', 'count', 'sum', 'rate/s', 'p50', 'p90', 'p99'] as const;

const UNIT_SUFFIX: Readonly<Record<string, string>> = {
  Milliseconds: 'ms',
  Seconds: 's',
  Microseconds: 'µs',
  Bytes: 'B',
  Kilobytes: 'kB',
  Megabytes: 'MB',
  Percent: '%',
};

/**
 * Formats a snapshot as an aligned table, one row per series: name (with `{dimensions}` only when
 * the name appears with several dimension sets, and `Namespace/` only when the snapshot spans
 * several namespaces), count, sum, rate/s, and p50/p90/p99 with a unit suffix (`ms`, `B`, …).
 * An empty snapshot gives one line saying so.
 */
export function formatMetricsTable(snapshot: MetricsSnapshot): string {
  if (snapshot.metrics.length === 0) return `no metrics in the last ${snapshot.windowSeconds} s`;
  const namespaces = new Set(snapshot.metrics.map((m) => m.namespace));
  const nameCounts = new Map<string, number>();
  for (const m of snapshot.metrics) nameCounts.set(`${m.namespace}/${m.name}`, (nameCounts.get(`${m.namespace}/${m.name}`) ?? 0) + 1);

  const rows = snapshot.metrics.map((m) => {
    const suffix = UNIT_SUFFIX[m.unit] ?? '';
    const label =
      (namespaces.size > 1 ? `${m.namespace}/` : '') + m.name + ((nameCounts.get(`${m.namespace}/${m.name}`) ?? 0) > 1 ? dimensionLabel(m) : '');
    return [label, String(m.sampleCount), number(m.sum) + suffix, number(m.ratePerSecond), number(m.p50) + suffix, number(m.p90) + suffix, number(m.p99) + suffix];
  });
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [`metrics, last ${snapshot.windowSeconds} s`, line(HEADERS), ...rows.map(line)].join('\n');
}

function dimensionLabel(m: MetricWindow): string {
  const entries = Object.entries(m.dimensions).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

/** Up to 3 significant decimals without noise: 12, 3.5, 0.25, 1234, 1.2e+9. */
function number(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1e9) return value.toExponential(1);
  if (Number.isInteger(value) || abs >= 100) return String(Math.round(value));
  return String(Number(value.toFixed(abs >= 10 ? 1 : 2)));
}
