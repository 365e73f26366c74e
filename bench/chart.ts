/**
 * The latency-vs-throughput chart of `npm run bench`, as an SVG string: one line per series and
 * percentile (color = series, dash and marker = percentile), latency on a log scale, and an
 * optional labelled rule at a target latency. Rendered headless with vega-lite → vega (no canvas,
 * no browser).
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BenchError } from './errors.js';

/** One measured load level of a series. */
export interface LatencyPoint {
  /** Offered (or achieved) rate, messages per second. */
  readonly rateMsgPerSec: number;
  /** Median latency, ms (> 0: the axis is logarithmic). */
  readonly p50: number;
  /** 90th percentile latency, ms. */
  readonly p90: number;
  /** 99th percentile latency, ms. */
  readonly p99: number;
}

/** One line group of the chart: a design or a configuration. */
export interface LatencySeries {
  /** Legend label; unique within a chart. */
  readonly name: string;
  /** Its load levels, in any order (drawn sorted by rate). */
  readonly points: readonly LatencyPoint[];
}

/** Options of `renderLatencyChart`. */
export interface LatencyChartOptions {
  /** Chart title. @default 'End-to-end latency vs throughput' */
  readonly title?: string;
  /** Plot width, px (the legend and axes add to it). @default 720 */
  readonly width?: number;
  /** Plot height, px. @default 420 */
  readonly height?: number;
  /** Draws a horizontal rule at this latency, ms (e.g. the 100 ms p99 target). @default none */
  readonly targetLatencyMs?: number;
  /** Label of the target rule. @default `target ${targetLatencyMs} ms` */
  readonly targetLabel?: string;
}

const PERCENTILES = ['p50', 'p90', 'p99'] as const;
const OPTION_KEYS = ['title', 'width', 'height', 'targetLatencyMs', 'targetLabel'];

interface Row {
  readonly series: string;
  readonly percentile: (typeof PERCENTILES)[number];
  readonly rate: number;
  readonly latencyMs: number;
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new BenchError('INVALID_CHART_INPUT', `${name} must be a finite number > 0, got ${String(value)}`);
  return value;
}

function rowsOf(series: readonly LatencySeries[]): Row[] {
  if (series.length === 0) throw new BenchError('INVALID_CHART_INPUT', 'renderLatencyChart needs at least one series, got none');
  const names = new Set<string>();
  const rows: Row[] = [];
  for (const { name, points } of series) {
    if (typeof name !== 'string' || name === '') throw new BenchError('INVALID_CHART_INPUT', 'every series needs a non-empty name');
    if (names.has(name)) throw new BenchError('INVALID_CHART_INPUT', `series name ${name} is used twice`);
    names.add(name);
    if (points.length === 0) throw new BenchError('INVALID_CHART_INPUT', `series ${name} has no points`);
    for (const point of [...points].sort((a, b) => a.rateMsgPerSec - b.rateMsgPerSec)) {
      const rate = point.rateMsgPerSec;
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) throw new BenchError('INVALID_CHART_INPUT', `series ${name}: rateMsgPerSec must be a finite number >= 0, got ${String(rate)}`);
      for (const percentile of PERCENTILES) {
        rows.push({ series: name, percentile, rate, latencyMs: positive(`series ${name} at ${rate} msg/s: ${percentile}`, point[percentile]) });
      }
    }
  }
  return rows;
}

/** The vega-lite spec of the chart (exported for tests and for anyone who wants the JSON). */
export function latencyChartSpec(series: readonly LatencySeries[], options: LatencyChartOptions = {}): TopLevelSpec {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new BenchError('INVALID_CHART_INPUT', `unknown chart option ${key}`);
  const rows = rowsOf(series);
  const width = positive('width', options.width ?? 720);
  const height = positive('height', options.height ?? 420);

  const x = { field: 'rate', type: 'quantitative', title: 'Throughput (msg/s)', scale: { zero: true } };
  const y = { field: 'latencyMs', type: 'quantitative', title: 'Latency (ms, log scale)', scale: { type: 'log' }, axis: { format: '~s' } };
  const color = { field: 'series', type: 'nominal', title: 'Series', sort: series.map((s) => s.name), legend: { labelLimit: 320 } };
  const percentile = { field: 'percentile', type: 'nominal', title: 'Percentile', sort: [...PERCENTILES] };
  const tooltip = [
    { field: 'series', type: 'nominal' },
    { field: 'percentile', type: 'nominal' },
    { field: 'rate', type: 'quantitative', title: 'msg/s' },
    { field: 'latencyMs', type: 'quantitative', title: 'ms' },
  ];
  // Lines and markers are separate layers so the percentile legend shows dashed strokes; the
  // markers repeat the percentile as a shape without a second legend.
  const lines = {
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: { x, y, color, strokeDash: { ...percentile, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400 } }, order: { field: 'rate', type: 'quantitative' } },
  };
  const markers = {
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 45, opacity: 1 },
    encoding: { x, y, color, shape: { ...percentile, legend: null }, tooltip },
  };
  const layer: unknown[] = [lines, markers];
  if (options.targetLatencyMs !== undefined) {
    const target = positive('targetLatencyMs', options.targetLatencyMs);
    const label = options.targetLabel ?? `target ${target} ms`;
    const data = { values: [{ latencyMs: target, label }] };
    layer.push(
      { data, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'latencyMs', type: 'quantitative' } } },
      {
        data,
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -3, color: '#d62728', fontSize: 11 },
        encoding: { y: { field: 'latencyMs', type: 'quantitative' }, x: { value: width }, text: { field: 'label', type: 'nominal' } },
      },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'End-to-end latency vs throughput',
    width,
    height,
    background: 'white',
    config: { font: 'sans-serif', legend: { orient: 'right' } },
    layer,
  } as TopLevelSpec;
}

/**
 * Renders the latency-vs-throughput chart to an SVG document string (~720×420 plot plus axes and
 * legend). Throws `BenchError` `INVALID_CHART_INPUT` for an empty series list, a series without points, a duplicate
 * name, or a latency ≤ 0 (the y axis is logarithmic).
 */
export async function renderLatencyChart(series: readonly LatencySeries[], options: LatencyChartOptions = {}): Promise<string> {
  const spec = latencyChartSpec(series, options);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
