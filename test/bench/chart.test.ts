import { describe, expect, it } from 'vitest';
import { type LatencySeries, latencyChartSpec, renderLatencyChart } from '../../bench/chart.js';
import { benchError } from './bench-error.js';

function series(name: string, overrides: Partial<LatencySeries> = {}): LatencySeries {
  return {
    name,
    points: [
      { rateMsgPerSec: 200, p50: 14, p90: 25, p99: 60 },
      { rateMsgPerSec: 100, p50: 12, p90: 20, p99: 45 },
    ],
    ...overrides,
  };
}

/** The attribute of the root `<svg>` element. */
function rootAttribute(svg: string, name: string): string | undefined {
  return new RegExp(`^<svg[^>]*\\s${name}="([^"]*)"`).exec(svg)?.[1];
}

describe('renderLatencyChart', () => {
  it('renders one SVG document with the title, axis titles, series names and percentiles', async () => {
    // Act
    const svg = await renderLatencyChart([series('Conveyor'), series('Reference (parallel)')], { title: 'Latency at 25/50/90 %' });

    // Assert
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(rootAttribute(svg, 'xmlns')).toBe('http://www.w3.org/2000/svg');
    for (const text of ['Latency at 25/50/90 %', 'Throughput (msg/s)', 'Latency (ms, log scale)', 'Conveyor', 'Reference (parallel)', 'p50', 'p90', 'p99']) {
      expect(svg, text).toContain(text);
    }
  });

  it('is about 720×420 plus axes and legend', async () => {
    // Act
    const svg = await renderLatencyChart([series('Conveyor')]);

    // Assert
    expect(Number(rootAttribute(svg, 'width'))).toBeGreaterThanOrEqual(720);
    expect(Number(rootAttribute(svg, 'height'))).toBeGreaterThanOrEqual(420);
  });

  it('draws and labels the target latency rule', async () => {
    // Act
    const svg = await renderLatencyChart([series('Conveyor')], { targetLatencyMs: 100, targetLabel: 'p99 target 100 ms' });

    // Assert
    expect(svg).toContain('p99 target 100 ms');
  });

  it('labels the rule with its value by default', async () => {
    expect(await renderLatencyChart([series('Conveyor')], { targetLatencyMs: 100 })).toContain('target 100 ms');
  });

  it('escapes series names', async () => {
    expect(await renderLatencyChart([series('A & <B>')])).toContain('A &amp; &lt;B&gt;');
  });

  it('rejects an empty series list', async () => {
    await expect(renderLatencyChart([])).rejects.toThrow(benchError('INVALID_CHART_INPUT'));
  });

  it('rejects a series without points, naming it', async () => {
    await expect(renderLatencyChart([series('Conveyor', { points: [] })])).rejects.toThrow(benchError('INVALID_CHART_INPUT', 'series Conveyor'));
  });

  it('rejects a latency of 0, which a log scale cannot place', async () => {
    // Arrange
    const zero = series('Conveyor', { points: [{ rateMsgPerSec: 100, p50: 0, p90: 1, p99: 2 }] });

    // Act / Assert
    await expect(renderLatencyChart([zero])).rejects.toThrow(benchError('INVALID_CHART_INPUT', 'p50'));
  });

  it('rejects two series with the same name, naming it', async () => {
    await expect(renderLatencyChart([series('Conveyor'), series('Conveyor')])).rejects.toThrow(benchError('INVALID_CHART_INPUT', 'Conveyor'));
  });
});

describe('latencyChartSpec', () => {
  it('puts latency on a log scale and adds the rule and its label as two layers', () => {
    // Act
    const spec = latencyChartSpec([series('Conveyor')], { targetLatencyMs: 100 }) as { layer: { mark: { type: string }; encoding: { y: { scale?: { type: string } } } }[] };

    // Assert
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(['line', 'point', 'rule', 'text']);
    expect(spec.layer[0]?.encoding.y.scale?.type).toBe('log');
  });

  it('rejects an unknown option, naming it', () => {
    expect(() => latencyChartSpec([series('Conveyor')], { colour: 'red' } as never)).toThrow(benchError('INVALID_CHART_INPUT', 'colour'));
  });
});
