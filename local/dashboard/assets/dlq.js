/*
 * Conveyor dashboard: the dead-letter queue panel. Lists the DLQ (on demand and whenever its depth
 * changes), peeks one message, and redrives one or all through the runtime's `/_conveyor/dlq`
 * endpoints, then shows what moved. Message bodies are rendered as text only.
 */
(function () {
  'use strict';
  const Conveyor = (window.Conveyor = window.Conveyor || {});
  const { el, byTestId, fmt, getJson, postJson } = Conveyor;

  const BASE = '/_conveyor/dlq';
  const LIST_MAX = 50;
  const PREVIEW_CHARS = 140;

  /** Pretty-prints a JSON body; anything else is returned as it is. */
  function prettyBody(body) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }

  /** Wires the DLQ and message panels; returns `{ refresh(), onDepth(depth) }`. */
  function createDlqPanel() {
    const list = byTestId('dlq-list');
    const empty = byTestId('dlq-empty');
    const count = byTestId('dlq-count');
    const result = byTestId('dlq-result');
    const refreshButton = byTestId('dlq-refresh');
    const redriveAllButton = byTestId('dlq-redrive-all');
    const peekPanel = byTestId('dlq-peek');
    const peekEmpty = byTestId('dlq-peek-empty');
    const peekBody = peekPanel.querySelector('.peek-body');
    const peekRedrive = byTestId('dlq-peek-redrive');

    let messages = [];
    let selected;
    let loading = false;
    let again = false;
    let busy = false;
    let depth;
    let depthTimer;

    function showResult(kind, ...children) {
      result.hidden = false;
      result.className = `result ${kind}`;
      result.replaceChildren(...children);
    }

    function setBusy(value) {
      busy = value;
      refreshButton.disabled = value;
      redriveAllButton.disabled = value || (messages.length === 0 && !depth);
      peekRedrive.disabled = value || selected === undefined || !messages.some((m) => m.messageId === selected);
      for (const button of list.querySelectorAll('button')) button.disabled = value;
    }

    function renderList() {
      list.replaceChildren(...messages.map((message) => {
        const error = message.lastError;
        const preview = message.body.length > PREVIEW_CHARS ? `${message.body.slice(0, PREVIEW_CHARS)}…` : message.body;
        return el('li', {
          'data-testid': 'dlq-item',
          dataset: { messageId: message.messageId },
          class: message.messageId === selected ? 'selected' : '',
          tabindex: '0',
          onClick: () => peek(message.messageId),
          onKeydown: (event) => { if (event.key === 'Enter') peek(message.messageId); },
        },
        el('div', { class: 'item-head' },
          el('code', { class: error ? 'code bad' : 'code', text: error ? error.code : 'no reason' }),
          el('span', { class: 'meta', text: `${fmt.count(message.receiveCount)}× received · sent ${fmt.age((Date.now() - message.sentAt) / 1000)} ago${message.state === 'in-flight' ? ' · in flight' : ''}` }),
          el('button', {
            type: 'button',
            'data-testid': 'dlq-item-redrive',
            text: 'Redrive',
            disabled: busy,
            onClick: (event) => { event.stopPropagation(); redrive(message.messageId); },
          })),
        // The ids the logs name first: the message id the consumer saw, and the idempotency key.
        el('div', { class: 'ids' },
          el('span', { class: 'label', text: 'message' }),
          el('code', { 'data-testid': 'dlq-item-source-id', text: message.sourceMessageId || message.messageId }),
          el('span', { class: 'label', text: 'key' }),
          el('code', { 'data-testid': 'dlq-item-key', text: message.idempotencyKey || '–' })),
        el('div', { class: 'preview', text: preview }),
        message.sourceMessageId && message.sourceMessageId !== message.messageId
          ? el('div', { class: 'id', text: `DLQ copy ${message.messageId}` })
          : null);
      }));
      empty.hidden = messages.length > 0;
      count.dataset.value = String(messages.length);
      // The list is capped at LIST_MAX; say so when the queue holds more.
      count.textContent = messages.length >= LIST_MAX && depth !== undefined && depth > messages.length
        ? `${fmt.count(messages.length)} of ${fmt.count(depth)}`
        : fmt.count(messages.length);
      setBusy(busy);
    }

    async function refresh() {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      list.dataset.state = 'loading';
      try {
        const answer = await getJson(`${BASE}?max=${LIST_MAX}`);
        messages = Array.isArray(answer && answer.messages) ? answer.messages : [];
        list.dataset.state = 'loaded';
        renderList();
        if (selected !== undefined && !messages.some((m) => m.messageId === selected)) markGone();
      } catch (error) {
        list.dataset.state = 'error';
        showResult('error', `Could not list the dead-letter queue: ${error.message}`);
      } finally {
        loading = false;
        list.dataset.loads = String(Number(list.dataset.loads || 0) + 1);
        if (again) {
          again = false;
          refresh();
        }
      }
    }

    function markGone() {
      peekPanel.dataset.state = 'gone';
      peekEmpty.hidden = false;
      peekEmpty.textContent = 'This message is no longer in the dead-letter queue.';
      setBusy(busy);
    }

    function renderPeek(message) {
      peekPanel.dataset.messageId = message.messageId;
      peekPanel.dataset.state = 'shown';
      peekEmpty.hidden = true;
      peekBody.hidden = false;
      byTestId('dlq-peek-source-id').textContent = message.sourceMessageId || message.messageId;
      byTestId('dlq-peek-key').textContent = message.idempotencyKey || '– (the body is not an envelope)';
      byTestId('dlq-peek-id').textContent = message.messageId;
      byTestId('dlq-peek-sent').textContent = fmt.when(message.sentAt);
      byTestId('dlq-peek-receive-count').textContent = fmt.count(message.receiveCount);
      byTestId('dlq-peek-receive-count').title = message.state === 'in-flight'
        ? 'in flight: received by someone (a redrive, say) and hidden until its visibility timeout ends'
        : '';
      const error = message.lastError;
      byTestId('dlq-peek-error-code').textContent = error ? error.code : '';
      byTestId('dlq-peek-error-message').textContent = error
        ? `${error.message}${error.failedAt ? ` (at ${error.failedAt})` : ''}`
        : 'none recorded (dead-lettered after too many receives, or sent here directly)';
      byTestId('dlq-peek-body').textContent = prettyBody(message.body);
      const rows = [];
      const group = (title, attributes) => {
        const entries = Object.entries(attributes || {}).sort(([a], [b]) => a.localeCompare(b));
        if (entries.length === 0) return;
        rows.push(el('tr', { class: 'group' }, el('th', { colspan: '2', text: title })));
        for (const [name, value] of entries) {
          // SentTimestamp, ApproximateFirstReceiveTimestamp …: epoch ms, shown with their date as well.
          const shown = /Timestamp$/.test(name) && /^\d{12,14}$/.test(value) ? `${value} (${new Date(Number(value)).toISOString()})` : value;
          rows.push(el('tr', {}, el('th', { text: name }), el('td', { text: shown })));
        }
      };
      group('message attributes', message.messageAttributes);
      group('system attributes', message.attributes);
      byTestId('dlq-peek-attributes').tBodies[0].replaceChildren(...rows);
    }

    async function peek(messageId) {
      selected = messageId;
      for (const item of list.children) item.classList.toggle('selected', item.dataset.messageId === messageId);
      peekPanel.dataset.state = 'loading';
      try {
        renderPeek(await getJson(`${BASE}/${encodeURIComponent(messageId)}`));
      } catch (error) {
        if (error.status === 404) markGone();
        else showResult('error', `Could not peek at ${messageId}: ${error.message}`);
      }
      setBusy(busy);
    }

    async function redrive(messageId) {
      setBusy(true);
      showResult('pending', messageId ? `Redriving ${messageId}…` : 'Redriving every message…');
      try {
        const answer = await postJson(`${BASE}/redrive`, messageId ? { messageId } : {});
        const moved = (answer && answer.moved) || [];
        const failed = (answer && answer.failed) || [];
        result.dataset.moved = String(moved.length);
        result.dataset.failed = String(failed.length);
        showResult(failed.length > 0 ? 'error' : 'ok',
          el('strong', { text: `Moved ${moved.length} message${moved.length === 1 ? '' : 's'} back to the source queue` }),
          failed.length > 0 ? `; ${failed.length} failed` : '',
          el('ul', {},
            // The id of the attempt that failed → the id of the next one: both are in the consumer's logs.
            ...moved.map((m) => el('li', { 'data-testid': 'dlq-moved', dataset: { messageId: m.messageId, sourceMessageId: m.sourceMessageId || m.messageId, newMessageId: m.newMessageId } },
              el('code', { text: m.sourceMessageId || m.messageId }), ' → ', el('code', { text: m.newMessageId }))),
            ...failed.map((f) => el('li', { 'data-testid': 'dlq-redrive-failed', dataset: { messageId: f.messageId }, class: 'bad' },
              el('code', { text: f.messageId }), `: ${f.error}`))));
      } catch (error) {
        showResult('error', `Redrive failed: ${error.message}`);
      } finally {
        setBusy(false);
      }
      await refresh();
    }

    refreshButton.addEventListener('click', () => refresh());
    redriveAllButton.addEventListener('click', () => redrive(undefined));
    peekRedrive.addEventListener('click', () => { if (selected !== undefined) redrive(selected); });

    return {
      refresh,
      /** Called with the DLQ's depth (visible + in flight + delayed) on every snapshot; lists again when it changed. */
      onDepth(value) {
        if (value === depth) return;
        depth = value;
        clearTimeout(depthTimer);
        depthTimer = setTimeout(refresh, 250);
      },
    };
  }

  Conveyor.createDlqPanel = createDlqPanel;
})();
