import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { conveyorApiKey, conveyorError } from './conveyor-api.js';
import { failedResult, messageBody, okResult, recordingInvoker, restApiSpec } from './factories.js';
import { jsonHeaders, send, startGateway } from './http-client.js';

const body = (value: unknown = messageBody()) => JSON.stringify(value);

describe('RestApiGateway', () => {
  describe('integration', () => {
    it.each([
      ['a response without statusCode', okResult({ body: '{}' })],
      ['a non-object response', okResult('hello')],
      ['a body that is not a string', okResult({ statusCode: 200, body: { a: 1 } })],
      ['a function error', failedResult('error')],
      ['a crashed function', failedResult('crash')],
      ['a timed-out function', failedResult('timeout')],
    ])('answers 502 Internal server error through DEFAULT_5XX for %s', async (_case, result) => {
      const { url, logs } = await startGateway({ invokerFor: () => async () => result });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(502);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json().error).toMatchObject({ code: conveyorError('DEFAULT_5XX').code, message: 'Internal server error' });
      expect(logs[0]).toMatchObject({ status: 502, errorMessage: 'Internal server error', errorDetail: expect.any(String) });
    });

    it('answers AWS default {"message": "Internal server error"} with no DEFAULT_5XX', async () => {
      const { url } = await startGateway({ api: restApiSpec({ gatewayResponses: [] }), invokerFor: () => async () => failedResult() });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(502);
      expect(response.json()).toEqual({ message: 'Internal server error' });
    });

    it('answers 502 when the invoker breaks its contract and rejects', async () => {
      const { url } = await startGateway({ invokerFor: () => () => Promise.reject(new Error('bug')) });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(502);
    });

    it('decodes a base64 body and sends multi-value headers', async () => {
      const payload = { statusCode: 201, isBase64Encoded: true, body: Buffer.from([0, 1, 255]).toString('base64'), multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } };
      const { url } = await startGateway({ invokerFor: () => async () => okResult(payload) });

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(201);
      expect([...response.body]).toEqual([0, 1, 255]);
      expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(response.headers['content-type']).toBe('application/json');
    });
  });

  describe('admin hook', () => {
    it('gets first pick, with the body, and the API never sees what it handled', async () => {
      const seen: string[] = [];
      const invoker = recordingInvoker();
      const { url, logs } = await startGateway({
        invokerFor: () => invoker,
        admin: (req, res, requestBody) => {
          if (!req.url?.startsWith('/_conveyor/')) return false;
          seen.push(requestBody.toString());
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"admin":true}');
          return true;
        },
      });

      const admin = await send(url('/_conveyor/faults'), { body: 'x=1' });
      const api = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(admin.json()).toEqual({ admin: true });
      expect(seen).toEqual(['x=1']);
      expect(api.status).toBe(202);
      expect(invoker.events).toHaveLength(1);
      expect(logs.map((entry) => entry.path)).toEqual(['/prod/messages']);
    });

    it('answers 500 JSON when the admin hook throws', async () => {
      const { url } = await startGateway({ admin: () => Promise.reject(new Error('admin bug')) });

      const response = await send(url('/_conveyor/health'), { method: 'GET' });

      expect(response.status).toBe(500);
      expect(response.json()).toEqual({ message: 'Internal server error' });
    });
  });

  describe('access log', () => {
    it('reports one entry per request with ids, route, status and sizes, and no body', async () => {
      const { url, logs } = await startGateway();

      const response = await send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });

      expect(logs).toEqual([
        {
          requestId: response.headers['x-amzn-requestid'],
          httpMethod: 'POST',
          resourcePath: '/messages',
          path: '/prod/messages',
          status: 202,
          responseLength: response.body.length,
          latency: expect.any(Number),
          integrationLatency: expect.any(Number),
          apiKeyId: conveyorApiKey().id,
          sourceIp: '127.0.0.1',
          requestTimeEpoch: expect.any(Number),
        },
      ]);
    });

    it('records the gateway error message of a refused request', async () => {
      const { url, logs } = await startGateway();

      await send(url('/prod/messages'), { body: body() });

      expect(logs[0]).toMatchObject({ status: 403, errorMessage: 'Forbidden', resourcePath: '/messages' });
      expect(logs[0]).not.toHaveProperty('apiKeyId');
    });
  });

  describe('listen and close', () => {
    it('returns the stage URL and the port', async () => {
      const { gateway, port } = await startGateway();

      expect(port).toBeGreaterThan(0);
      await gateway.close();
      const again = await startGateway();
      expect(again.url('/')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    });

    it('closes idle keep-alive connections so that nothing stays open', async () => {
      const tcpHandles = () => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
      // Sockets of earlier tests may still be closing: wait for the count to settle before taking the baseline.
      const settled = async (): Promise<number> => {
        let count = tcpHandles();
        for (let round = 0; round < 20; round++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          const next = tcpHandles();
          if (next === count) return next;
          count = next;
        }
        return count;
      };
      const baseline = await settled();
      const { gateway, url } = await startGateway();
      const agent = new Agent({ keepAlive: true });
      await send(url('/prod/messages'), { headers: jsonHeaders(), body: body(), agent });
      const idleSockets = Object.values(agent.freeSockets).flat().length;

      await gateway.close();
      const after = await settled();

      expect(idleSockets).toBe(1);
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(0);
      expect(after).toBeLessThanOrEqual(baseline);
      await expect(send(url('/prod/messages'), { body: body() })).rejects.toThrow(/ECONNREFUSED/);
      agent.destroy();
    });

    it('closes a connection whose request is still in flight instead of waiting for it', async () => {
      let invoked: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (invoked = resolve));
      const { gateway, url } = await startGateway({
        invokerFor: () => () => {
          invoked();
          return new Promise(() => undefined);
        },
      });
      const pending = send(url('/prod/messages'), { headers: jsonHeaders(), body: body() });
      await started;

      await gateway.close();

      await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    });

    it('can be closed twice and refuses to listen again', async () => {
      const { gateway } = await startGateway();

      await gateway.close();
      await gateway.close();

      await expect(gateway.listen(0)).rejects.toThrow(/closed/);
    });

    it('serves through the bare handler on a server of your own', async () => {
      const { createServer } = await import('node:http');
      const { gateway } = await startGateway();
      const server = createServer(gateway.handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };

      const response = await send(`http://127.0.0.1:${port}/prod/messages`, { headers: jsonHeaders(), body: body() });

      expect(response.status).toBe(202);
      await new Promise((resolve) => server.close(resolve));
    });
  });
});
