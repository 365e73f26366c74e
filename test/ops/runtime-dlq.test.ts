import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeDeadLetterReader } from '../../ops/runtime-dlq.js';

describe('runtimeDeadLetterReader', () => {
  let server: Server;
  let base: string;
  /** The paths and queries the runtime was asked for. */
  const asked: string[] = [];
  beforeAll(async () => {
    // A runtime whose DLQ endpoints fail as the runtime's own do (a JSON error body), but for the orders queue's.
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://runtime');
      if (url.searchParams.get('queue') === 'orders') {
        const body = url.pathname === '/_conveyor/dlq' ? { queue: 'orders', countsAsReceive: false, messages: [] } : { messageId: 'm-1', body: 'order' };
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      const [status, code] = url.pathname === '/_conveyor/dlq/gone' ? [404, 'MESSAGE_NOT_FOUND'] : [502, 'SQS_ERROR'];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, message: 'it went wrong' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('raises the runtime\'s error answer with its status, code and body', async () => {
    const attempt = runtimeDeadLetterReader(base).list(10);

    await expect(attempt).rejects.toMatchObject({
      name: 'OpsError',
      code: 'API',
      message: '502 SQS_ERROR: it went wrong',
      details: { status: 502, apiCode: 'SQS_ERROR', body: { error: { code: 'SQS_ERROR' } } },
    });
  });

  it('peeks at a message the DLQ does not hold as undefined, not as an error', async () => {
    expect(await runtimeDeadLetterReader(base).peek('gone')).toBeUndefined();
  });

  it('asks for the named queue\'s DLQ, and for the runtime\'s default one when none is named', async () => {
    asked.length = 0;
    const reader = runtimeDeadLetterReader(base, { queue: 'orders' });

    const listed = await reader.list(5);
    const peeked = await reader.peek('m 1');
    await runtimeDeadLetterReader(base).peek('gone');

    expect(listed).toEqual([]);
    expect(reader.countsAsReceive).toBe(false);
    expect(peeked).toEqual({ messageId: 'm-1', body: 'order' });
    expect(asked).toEqual(['/_conveyor/dlq?queue=orders&max=5', '/_conveyor/dlq/m%201?queue=orders', '/_conveyor/dlq/gone']);
  });

  it('raises REQUEST_FAILED when the runtime does not answer', async () => {
    const attempt = runtimeDeadLetterReader('http://127.0.0.1:9').list(10);

    await expect(attempt).rejects.toMatchObject({ name: 'OpsError', code: 'REQUEST_FAILED' });
  });
});
