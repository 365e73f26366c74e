import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStreamParser, readEventStream, type ServerSentEvent } from '../../ops/sse.js';

describe('EventStreamParser', () => {
  it('yields named events once their blank line arrives, across chunks', () => {
    const parser = new EventStreamParser();

    const first = parser.push('event: snap');
    const second = parser.push('shot\ndata: {"a":\ndata: 1}\n');
    const third = parser.push('\n: a comment\nid: 7\ndata: plain\r\n\r\n');

    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(third).toEqual([{ event: 'snapshot', data: '{"a":\n1}' }, { event: 'message', data: 'plain' }]);
  });
});

describe('readEventStream', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: log\ndata: one\n\n');
      res.write('event: log\ndata: two\n\n');
      if (req.url === '/short') res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads events until the stream ends', async () => {
    const events: ServerSentEvent[] = [];

    const how = await readEventStream(`${base}/short`, (event) => void events.push(event));

    expect(how).toBe('ended');
    expect(events.map((event) => event.data)).toEqual(['one', 'two']);
  });

  it('stops when the callback says it has what it wanted', async () => {
    const events: ServerSentEvent[] = [];

    const how = await readEventStream(`${base}/open`, (event) => {
      events.push(event);
      return events.length < 2;
    });

    expect(how).toBe('stopped');
    expect(events).toHaveLength(2);
  });

  it('refuses an answer that is not an event stream', async () => {
    await expect(readEventStream(`${base}/json`, () => undefined)).rejects.toMatchObject({ name: 'OpsError', code: 'REQUEST_FAILED' });
  });
});
