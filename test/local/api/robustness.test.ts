import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvocationResult } from '../../../local/lambda/invocation.js';
import { eventually } from '../lambda/fixtures.js';
import { API_KEY_VALUE, conveyorError } from './conveyor-api.js';
import { accepted, messageBody, okResult, recordingInvoker } from './factories.js';
import { jsonHeaders, send, sendRaw, startGateway } from './http-client.js';

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
const bodyOf = (raw: string): string => raw.slice(raw.indexOf('\r\n\r\n') + 4);

describe('RestApiGateway robustness', () => {
  it.each([
    ['a malformed request line', 400, 'GARBAGE\r\n\r\n'],
    ['an unknown method', 400, 'BREW /prod/messages HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header name with a space', 400, 'POST /prod/messages HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'],
    ['both Content-Length and Transfer-Encoding', 400, 'POST /prod/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a non-numeric Content-Length', 400, 'POST /prod/messages HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['oversized headers', 431, `GET /prod/messages HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('answers %s with a JSON %d', async (_case, status, raw) => {
    const { port } = await startGateway();

    const answer = await sendRaw(port, raw);

    expect(statusOf(answer)).toBe(status);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    expect(JSON.parse(bodyOf(answer))).toMatchObject({ message: expect.any(String) });
  });

  it("answers a request without Host to an unknown path with the template's unknown-route response", async () => {
    const notFound = conveyorError('MISSING_AUTHENTICATION_TOKEN');
    const { port } = await startGateway();

    const answer = await sendRaw(port, 'GET /prod/nope HTTP/1.1\r\nConnection: close\r\n\r\n');

    expect(statusOf(answer)).toBe(notFound.statusCode);
    expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/i);
    expect(JSON.parse(bodyOf(answer))).toMatchObject({ error: { code: notFound.code } });
  });

  it("answers a method Node knows but the API does not define with the template's unknown-route response", async () => {
    const notFound = conveyorError('MISSING_AUTHENTICATION_TOKEN');
    const { url } = await startGateway();

    const response = await send(url('/prod/messages'), { method: 'PURGE' });

    expect(response.status).toBe(notFound.statusCode);
    expect(response.json().error.code).toBe(notFound.code);
  });

  it('answers a raw invalid UTF-8 path with a 4xx JSON', async () => {
    const { port } = await startGateway();

    const answer = await sendRaw(port, Buffer.concat([Buffer.from('POST /prod/mess'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')]));

    expect(statusOf(answer)).toBeGreaterThanOrEqual(400);
    expect(statusOf(answer)).toBeLessThan(500);
    expect(() => JSON.parse(bodyOf(answer))).not.toThrow();
  });

  it('survives a client that aborts mid-body, and invokes nothing for it', async () => {
    const invoker = recordingInvoker();
    const { port, url, logs } = await startGateway({ invokerFor: () => invoker });

    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /prod/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"type":');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 20);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await send(url('/prod/messages'), { headers: jsonHeaders(), body: JSON.stringify(messageBody()) });

    expect(next.status).toBe(202);
    expect(invoker.events).toHaveLength(1);
    expect(logs).toHaveLength(1);
  });

  it('survives a client that goes away while the function runs', async () => {
    let release: (result: InvocationResult) => void = () => undefined;
    let calls = 0;
    const { port, url } = await startGateway({
      invokerFor: () => () => {
        calls += 1;
        return calls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(okResult(accepted()));
      },
    });
    const body = JSON.stringify(messageBody());
    const socket = connect(port, '127.0.0.1');
    socket.write(
      `POST /prod/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: ${API_KEY_VALUE}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    await eventually(() => calls === 1);

    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release(okResult(accepted()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await send(url('/prod/messages'), { headers: jsonHeaders(), body });

    expect(calls).toBe(2);
    expect(next.status).toBe(202);
  });

  it('never answers 5xx to whatever a client sends', async () => {
    const { url } = await startGateway();
    const header = fc.string({ unit: fc.constantFrom(...'abcXYZ09 -_;=/"{}\t'.split('')), maxLength: 20 }).map((value) => value.trim());
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PURGE'),
      path: fc.constantFrom('/prod/messages', '/prod/messages/batch', '/prod/messages/', '/prod', '/', '/dev/messages', '/prod/%zz', '/prod/messages?x=%zz&y'),
      contentType: fc.option(fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'APPLICATION/JSON', ''), { nil: undefined }),
      key: fc.option(fc.constantFrom(API_KEY_VALUE, 'wrong', ''), { nil: undefined }),
      body: fc.oneof(fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), fc.json().map((json) => Buffer.from(json))),
      extra: header,
    });

    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, contentType, key, body, extra }) => {
        const headers: [string, string][] = [['X-Extra', extra]];
        if (contentType !== undefined) headers.push(['Content-Type', contentType]);
        if (key !== undefined) headers.push(['x-api-key', key]);
        const response = await send(url(path), { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
        expect(response.status).toBeLessThan(500);
        if (response.status !== 202 && method !== 'HEAD') expect(response.headers['content-type']).toBe('application/json');
      }),
      { numRuns: 150 },
    );
  });
});
