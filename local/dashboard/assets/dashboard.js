/*
 * Conveyor dashboard: follows the runtime's `/_conveyor/events` stream (one `snapshot` a second)
 * and renders the tiles, charts, queue and function tables; the DLQ panel lives in dlq.js.
 */
(function () {
  'use strict';
  const { el, byTestId, fmt, getJson, createChart, createDlqPanel } = window.Conveyor;

  const EVENTS_URL = '/_conveyor/events';
  const METRICS = ['accepted', 'processed', 'failed', 'duplicates', 'deadLettered'];
  /** Metrics whose non-zero rate is bad news (their tile turns red). */
  const BAD = new Set(['failed', 'deadLettered']);
  const RECONNECT_MS = 2000;

  const rates = createChart(byTestId('rates-chart'), {
    series: [
      { label: 'accepted', stroke: '#0969da' },
      { label: 'processed', stroke: '#1a7f37' },
      { label: 'failed', stroke: '#cf222e' },
      { label: 'duplicates', stroke: '#9a6700' },
      { label: 'dead-lettered', stroke: '#8250df' },
    ],
    format: (value) => `${fmt.rate(value)}/s`,
    tick: (value) => `${+value.toFixed(2)}/s`,
  });
  const latency = createChart(byTestId('latency-chart'), {
    series: [
      { label: 'p50', stroke: '#1a7f37' },
      { label: 'p90', stroke: '#bf8700' },
      { label: 'p99', stroke: '#cf222e' },
    ],
    format: (value) => fmt.ms(value),
    tick: (value) => (value >= 1000 ? `${+(value / 1000).toFixed(2)} s` : `${+value.toFixed(1)} ms`),
  });
  const dlq = createDlqPanel();

  function setStatus(state, text) {
    const status = byTestId('connection-status');
    status.dataset.state = state;
    status.textContent = text;
  }

  function renderTiles(snapshot) {
    for (const metric of METRICS) {
      const rate = snapshot.rates ? snapshot.rates[metric] : undefined;
      const total = snapshot.totals ? snapshot.totals[metric] : undefined;
      const rateNode = byTestId(`rate-${metric}`);
      const totalNode = byTestId(`total-${metric}`);
      rateNode.dataset.value = String(rate ?? 0);
      rateNode.textContent = `${fmt.rate(rate)}/s`;
      totalNode.dataset.value = String(total ?? 0);
      totalNode.textContent = fmt.count(total);
      byTestId(`tile-${metric}`).classList.toggle('bad', BAD.has(metric) && rate > 0);
    }
  }

  function renderQueues(queues) {
    const order = { source: 0, 'dead-letter': 1 };
    const sorted = [...queues].sort((a, b) => (order[a.role] ?? 2) - (order[b.role] ?? 2) || String(a.name).localeCompare(String(b.name)));
    byTestId('queues').tBodies[0].replaceChildren(...sorted.map((queue) => el('tr', {
      'data-testid': 'queue-row',
      dataset: { role: queue.role, name: queue.name },
      class: queue.role === 'dead-letter' && queue.visible + queue.inFlight + queue.delayed > 0 ? 'nonempty' : '',
    },
    el('td', {}, el('span', { class: 'role', text: queue.role === 'dead-letter' ? 'DLQ' : 'source' }), ' ', el('span', { class: 'name', text: queue.name, title: queue.name })),
    el('td', { class: 'num', 'data-testid': 'queue-visible', text: fmt.count(queue.visible) }),
    el('td', { class: 'num', 'data-testid': 'queue-in-flight', text: fmt.count(queue.inFlight) }),
    el('td', { class: 'num', 'data-testid': 'queue-delayed', text: fmt.count(queue.delayed) }),
    el('td', { class: 'num', 'data-testid': 'queue-oldest', text: fmt.age(queue.oldestAgeSeconds) }))));
  }

  function renderFunctions(functions) {
    const names = Object.keys(functions).sort();
    byTestId('functions').tBodies[0].replaceChildren(...names.map((name) => {
      const stats = functions[name] || {};
      return el('tr', { 'data-testid': 'function-row', dataset: { function: name } },
        el('td', { text: name }),
        el('td', { class: 'num', 'data-testid': 'function-busy', text: fmt.count(stats.busy) }),
        el('td', { class: 'num', text: fmt.count(stats.instances) }),
        el('td', { class: 'num', text: fmt.count(stats.queued) }),
        el('td', { class: 'num', text: fmt.count(stats.invocations) }),
        el('td', { class: stats.errors > 0 ? 'num bad' : 'num', text: fmt.count(stats.errors) }));
    }));
  }

  function onSnapshot(snapshot) {
    renderTiles(snapshot);
    const r = snapshot.rates || {};
    rates.push(snapshot.at, METRICS.map((metric) => r[metric]));
    const l = snapshot.latency;
    latency.push(snapshot.at, l ? [l.p50, l.p90, l.p99] : [null, null, null]);
    const queues = Array.isArray(snapshot.queues) ? snapshot.queues : [];
    renderQueues(queues);
    renderFunctions(snapshot.functions || {});
    const dead = queues.find((queue) => queue.role === 'dead-letter');
    if (dead) dlq.onDepth(dead.visible + dead.inFlight + dead.delayed);
    const updated = byTestId('updated-at');
    updated.textContent = `updated ${fmt.clock(snapshot.at)}`;
    updated.dataset.at = String(snapshot.at);
  }

  /** Opens the event stream; EventSource retries by itself, and a closed stream is reopened here. */
  function connect() {
    const source = new EventSource(EVENTS_URL);
    source.addEventListener('open', () => setStatus('connected', 'connected'));
    source.addEventListener('snapshot', (event) => {
      let snapshot;
      try {
        snapshot = JSON.parse(event.data);
      } catch {
        return;
      }
      setStatus('connected', 'connected');
      onSnapshot(snapshot);
    });
    source.addEventListener('error', () => {
      setStatus('reconnecting', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_MS);
    });
  }

  getJson('/_conveyor/health').then((health) => {
    if (health && typeof health.stack === 'string' && health.stack !== '') {
      byTestId('runtime-name').textContent = health.stack;
      document.title = `${health.stack} — Conveyor dashboard`;
    }
  }, () => { /* the name stays "Conveyor"; the stream reports the connection */ });
  connect();
})();
