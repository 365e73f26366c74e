/*
 * Conveyor dashboard: rolling time-series charts on uPlot (served by the runtime from the npm
 * package, so the page works offline). Each chart keeps the last `maxPoints` snapshots and exposes
 * how many it holds in its container's `data-points` attribute, and the largest value it shows in
 * `data-peak` (for tests and a quick look in the inspector).
 */
(function () {
  'use strict';
  const Conveyor = (window.Conveyor = window.Conveyor || {});
  const { el } = Conveyor;

  /** A disconnection longer than this many seconds breaks the line instead of joining across it. */
  const GAP_SECONDS = 3;
  /** Time-axis tick steps, whole seconds (the data has one point a second). */
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

  /**
   * Creates a chart in `container`.
   * options: `series` [{ label, stroke }], `height` (px, @default 180), `maxPoints` (@default 300),
   * `format` (value → legend text), `tick` (tick value → axis text, @default String),
   * `zeroBased` (y starts at 0, @default true).
   * Returns `{ push(epochMs, values), merge(times, columns), points() }`.
   */
  function createChart(container, options) {
    const maxPoints = options.maxPoints || 300;
    const height = options.height || 180;
    const format = options.format || ((value) => String(value));
    const tick = options.tick || ((value) => String(value));
    const data = [[], ...options.series.map(() => [])];
    let plot;

    const markPoints = () => {
      let peak = 0;
      for (let i = 1; i < data.length; i++) for (const value of data[i]) if (value !== null && value > peak) peak = value;
      container.dataset.points = String(data[0].length);
      container.dataset.peak = String(peak);
    };

    if (typeof window.uPlot !== 'function') {
      container.append(el('p', { class: 'chart-missing', text: 'Charts unavailable: uPlot did not load.' }));
    } else {
      // With no cursor on the chart the legend shows the latest values instead of dashes.
      const latest = (column) => {
        for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
        return null;
      };
      const legendValue = (u, value, seriesIdx, idx) => {
        const shown = idx === null || idx === undefined ? latest(u.data[seriesIdx]) : value;
        return shown === null || shown === undefined ? '–' : format(shown);
      };
      const timeValue = (u, ts, _seriesIdx, idx) => {
        const shown = idx === null || idx === undefined ? latest(u.data[0]) : ts;
        return shown === null || shown === undefined ? '–' : Conveyor.fmt.clock(shown * 1000);
      };
      plot = new window.uPlot({
        width: Math.max(200, container.clientWidth),
        height,
        series: [
          { label: 'at', value: timeValue },
          ...options.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.75, value: legendValue, spanGaps: false, points: { show: false } })),
        ],
        scales: {
          x: { time: true },
          y: { range: (_u, min, max) => (options.zeroBased === false ? [min, max] : [0, max > 0 ? max * 1.1 : 1]) },
        },
        axes: [
          { stroke: '#57606a', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d0d7de' }, space: 64, incrs: TIME_STEPS, values: (_u, ticks) => ticks.map((ts) => Conveyor.fmt.clock(ts * 1000)) },
          { stroke: '#57606a', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d0d7de' }, size: 64, values: (_u, ticks) => ticks.map((value) => tick(value)) },
        ],
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
      }, data, container);
      const resize = () => plot.setSize({ width: Math.max(200, container.clientWidth), height });
      if (typeof ResizeObserver === 'function') new ResizeObserver(resize).observe(container);
      else window.addEventListener('resize', resize);
    }
    markPoints();

    const valueOf = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
    const redraw = () => {
      while (data[0].length > maxPoints) for (const column of data) column.shift();
      if (plot) plot.setData(data);
      markPoints();
    };

    return {
      /** Appends one point per series (null = no value) at `epochMs`; drops the oldest beyond `maxPoints`. */
      push(epochMs, values) {
        const x = epochMs / 1000;
        const last = data[0][data[0].length - 1];
        if (last !== undefined && x <= last) return;
        if (last !== undefined && x - last > GAP_SECONDS) {
          data[0].push(last + 1);
          for (let i = 1; i < data.length; i++) data[i].push(null);
        }
        data[0].push(x);
        values.forEach((value, i) => data[i + 1].push(valueOf(value)));
        redraw();
      },
      /**
       * Puts a run of points (`times` epoch ms, one `columns` entry per series) in place of what the
       * chart holds from the first of them on: the server's history when the page connects, and again
       * when it reconnects (so an outage the runtime lived through is filled in, not left as a gap).
       * Older points stay, with a gap before the run when it starts more than a few seconds later.
       */
      merge(times, columns) {
        if (!Array.isArray(times) || times.length === 0) return;
        const first = times[0] / 1000;
        let keep = data[0].findIndex((x) => x >= first);
        if (keep === -1) keep = data[0].length;
        for (const column of data) column.length = keep;
        const last = data[0][keep - 1];
        if (last !== undefined && first - last > GAP_SECONDS) {
          data[0].push(last + 1);
          for (let i = 1; i < data.length; i++) data[i].push(null);
        }
        times.forEach((time, index) => {
          data[0].push(time / 1000);
          for (let i = 1; i < data.length; i++) data[i].push(valueOf((columns[i - 1] || [])[index]));
        });
        redraw();
      },
      /** How many points each series holds. */
      points: () => data[0].length,
    };
  }

  Conveyor.createChart = createChart;
})();
