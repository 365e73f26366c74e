/*
 * Conveyor dashboard: DOM and formatting helpers shared by the other scripts (plain browser
 * JavaScript, no build step). Everything is rendered with text nodes, never innerHTML, so message
 * bodies and names can hold anything.
 */
(function () {
  'use strict';
  const Conveyor = (window.Conveyor = window.Conveyor || {});

  /**
   * Creates an element. `attrs`: `text` sets textContent, `class` the class name, `on<Event>` a
   * listener, `dataset` an object of data-* values; anything else becomes an attribute. Children are
   * nodes or strings (as text).
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  /** The element with this data-testid (they are unique on the page). */
  const byTestId = (id, root) => (root || document).querySelector(`[data-testid="${id}"]`);

  const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  const fmt = {
    /** A per-second rate: one decimal below 10, whole numbers above. */
    rate(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
      return value < 10 ? value.toFixed(1) : integer.format(value);
    },
    /** A count with thousands separators. */
    count(value) {
      return typeof value === 'number' && Number.isFinite(value) ? integer.format(value) : '–';
    },
    /** Milliseconds, to a sensible precision. */
    ms(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
      if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
      return value >= 100 ? `${integer.format(value)} ms` : `${value.toFixed(1)} ms`;
    },
    /** An age in seconds as "42 s", "3 m 05 s", "2 h 01 m"; "–" when null (empty queue). */
    age(seconds) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
      const s = Math.max(0, Math.floor(seconds));
      if (s < 60) return `${s} s`;
      if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
      return `${Math.floor(s / 3600)} h ${String(Math.floor(s / 60) % 60).padStart(2, '0')} m`;
    },
    /** A wall-clock time, HH:MM:SS. */
    clock(epochMs) {
      return new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });
    },
    /** An epoch-ms time as an ISO string plus how long ago. */
    when(epochMs, now) {
      if (typeof epochMs !== 'number' || !Number.isFinite(epochMs) || epochMs <= 0) return '–';
      return `${new Date(epochMs).toISOString()} (${fmt.age(((now || Date.now()) - epochMs) / 1000)} ago)`;
    },
  };

  /** Error from one of the runtime's endpoints, carrying its `{ error: { code, message } }`. */
  class EndpointError extends Error {
    constructor(status, code, message) {
      super(message);
      this.name = 'EndpointError';
      this.status = status;
      this.code = code;
    }
  }

  /** Fetches JSON; throws {@link EndpointError} with the endpoint's code and message on a 4xx/5xx. */
  async function requestJson(url, init) {
    let response;
    try {
      response = await fetch(url, { cache: 'no-store', ...init });
    } catch (error) {
      throw new EndpointError(0, 'NETWORK', `the runtime did not answer (${error.message})`);
    }
    const text = await response.text();
    let body;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const detail = body && body.error ? body.error : {};
      throw new EndpointError(response.status, detail.code || `HTTP_${response.status}`, detail.message || text.slice(0, 200) || response.statusText);
    }
    return body;
  }

  Conveyor.el = el;
  Conveyor.byTestId = byTestId;
  Conveyor.fmt = fmt;
  Conveyor.EndpointError = EndpointError;
  Conveyor.getJson = (url) => requestJson(url);
  Conveyor.postJson = (url, body) => requestJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
})();
