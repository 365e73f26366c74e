/*
 * Conveyor dashboard: follows the runtime's `/_conveyor/events` stream (a `history` of the last 5
 * minutes on connect, then one `snapshot` a second, and a `reload` when `npm start --watch` reloaded
 * the stack) and renders the tiles, the balance line, charts, queue and function tables and the
 * reload note; the DLQ panel lives in dlq.js.
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

  /** "accepted = processed + duplicates + dead-lettered + queued (+ the rest)": see docs/dashboard.md, "Do the counters add up?". */
  function renderBalance(snapshot) {
    const line = byTestId('balance');
    const balance = snapshot.balance;
    const totals = snapshot.totals;
    if (!balance || !totals) {
      line.hidden = true;
      return;
    }
    line.hidden = false;
    const rest = balance.unaccounted;
    const restNode = byTestId('balance-unaccounted');
    restNode.dataset.value = String(rest);
    restNode.dataset.fifo = String(Boolean(balance.fifo));
    restNode.hidden = !balance.fifo && rest === 0;
    restNode.textContent = balance.fifo
      ? ` + deduplicated by SQS ≈ ${fmt.count(rest)}`
      : ` + not accounted for ${fmt.count(rest)}`;
    restNode.title = balance.fifo
      ? 'FIFO: copies SQS dropped because it had seen their MessageDeduplicationId (the idempotency key) in the last 5 minutes, '
        + 'counted as what is left: accepted − (processed + duplicates + dead-lettered + queued). Also moved by this: messages SQS '
        + 'moved to the DLQ itself (redrive policy), a batch whose metrics are not in yet, redrives and restarts (below zero).'
      : 'accepted − (processed + duplicates + dead-lettered + queued): messages SQS moved to the DLQ itself (redrive policy), '
        + 'a batch whose metrics are not in yet; below zero after a redrive or a restart.';
    byTestId('balance-accepted').textContent = fmt.count(totals.accepted);
    byTestId('balance-processed').textContent = fmt.count(totals.processed);
    byTestId('balance-duplicates').textContent = fmt.count(totals.duplicates);
    byTestId('balance-dead-lettered').textContent = fmt.count(totals.deadLettered);
    byTestId('balance-queued').textContent = fmt.count(balance.queued);
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
    renderBalance(snapshot);
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

  /** The header's note on the last reload: "code reloaded 12:03:04 — new queue payments (payments.charge)". */
  function onReload(report) {
    if (!report || typeof report.at !== 'number') return;
    const note = byTestId('reloaded');
    const what = {
      applied: 'code reloaded',
      blocked: 'reload not applied',
      failed: 'reload failed',
    }[report.outcome] || 'reload';
    const detail = report.outcome === 'applied' ? report.summary
      : report.outcome === 'blocked' ? (report.notApplied || []).join('; ')
        : report.error;
    note.dataset.outcome = String(report.outcome);
    note.dataset.at = String(report.at);
    note.textContent = `${what} ${fmt.clock(report.at)}${detail ? ` — ${detail}` : ''}`;
    note.title = `${note.textContent}${report.outcome === 'applied' ? '' : ' (the running stack is unchanged; the console has the details)'}`;
    note.hidden = false;
  }

  /** The last minutes of the charted series, sent on every (re)connection: the charts draw them at once. */
  function onHistory(history) {
    if (!history || !Array.isArray(history.t)) return;
    const r = history.rates || {};
    rates.merge(history.t, METRICS.map((metric) => r[metric] || []));
    const l = history.latency || {};
    latency.merge(history.t, [l.p50 || [], l.p90 || [], l.p99 || []]);
  }

  /** Opens the event stream; EventSource retries by itself, and a closed stream is reopened here. */
  function connect() {
    const source = new EventSource(EVENTS_URL);
    source.addEventListener('open', () => setStatus('connected', 'connected'));
    source.addEventListener('history', (event) => {
      try {
        onHistory(JSON.parse(event.data));
      } catch {
        // A history that does not parse: the live snapshots still draw the charts.
      }
    });
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
    source.addEventListener('reload', (event) => {
      try {
        onReload(JSON.parse(event.data));
      } catch {
        // A note that does not parse: the console has the line too.
      }
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
