import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeDeadLetterReader } from '../../ops/runtime-dlq.js';

describe('runtimeDeadLetterReader', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // A runtime whose DLQ endpoints fail as the runtime's own do: a JSON error body.
    server = createServer((req, res) => {
      const [status, code] = req.url === '/_conveyor/dlq/gone' ? [404, 'MESSAGE_NOT_FOUND'] : [502, 'SQS_ERROR'];
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

  it('raises REQUEST_FAILED when the runtime does not answer', async () => {
    const attempt = runtimeDeadLetterReader('http://127.0.0.1:9').list(10);

    await expect(attempt).rejects.toMatchObject({ name: 'OpsError', code: 'REQUEST_FAILED' });
  });
});
