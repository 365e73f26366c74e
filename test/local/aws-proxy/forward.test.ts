import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsProxy, type AwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { closedPort } from './support.js';

interface Captured {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** An upstream that records what it receives and answers 200 with `reply` (or `status`). */
async function recordingUpstream(reply: Buffer | string = '{}', status = 200): Promise<{ url: string; requests: Captured[]; server: Server }> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-upstream': 'yes' });
      res.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

let proxy: AwsProxy | undefined;
let upstream: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  proxy = undefined;
  upstream = undefined;
});

const dynamodbRequest = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-type': 'application/x-amz-json-1.0', ...headers }, body });

describe('createAwsProxy forwarding', () => {
  it('forwards method, stripped path with query, headers (Host unchanged) and body', async () => {
    // Arrange
    const recorder = await recordingUpstream('{"ok":true}');
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: `http://127.0.0.1:${await closedPort()}`, dynamodb: recorder.url } });

    // Act
    const response = await dynamodbRequest(`${proxy.url}/_caller/Consumer/some/path?x=1`, '{"TableName":"t"}', { 'x-custom': 'kept' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.text()).toBe('{"ok":true}');
    const [captured] = recorder.requests;
    expect(captured).toMatchObject({ method: 'POST', url: '/some/path?x=1' });
    expect(captured?.headers).toMatchObject({ host: `127.0.0.1:${proxy.port}`, 'x-custom': 'kept', 'x-amz-target': 'DynamoDB_20120810.PutItem' });
    expect(captured?.body.toString()).toBe('{"TableName":"t"}');
  });

  it.each([
    ['/_caller/Consumer', '/'],
    ['/_caller/Consumer/', '/'],
    ['/_caller/Event%20Source/', '/'],
    ['/', '/'],
  ])('forwards %s to %s', async (path, forwarded) => {
    const recorder = await recordingUpstream();
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: recorder.url, dynamodb: recorder.url } });

    await (await dynamodbRequest(proxy.url + path, '{}')).text();

    expect(recorder.requests[0]?.url).toBe(forwarded);
  });

  it('names the caller from the decoded prefix', async () => {
    const recorder = await recordingUpstream();
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: recorder.url, dynamodb: recorder.url } });

    await (await dynamodbRequest(`${proxy.url}/_caller/Event%20Source/`, '{}')).text();

    expect(Object.keys(proxy.counters.snapshot().dynamodb?.PutItem ?? {})).toEqual(['Event Source']);
  });

  it('prefixes the upstream base URL\'s path', async () => {
    const recorder = await recordingUpstream();
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: recorder.url, dynamodb: `${recorder.url}/base/` } });

    await (await dynamodbRequest(`${proxy.url}/_caller/Consumer/`, '{}')).text();

    expect(recorder.requests[0]?.url).toBe('/base/');
  });

  it('streams a large body both ways and counts its bytes', async () => {
    // Arrange
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const recorder = await recordingUpstream(big);
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: recorder.url, dynamodb: recorder.url } });

    // Act
    const response = await dynamodbRequest(proxy.url, big);
    const received = Buffer.from(await response.arrayBuffer());

    // Assert
    expect(received.equals(big)).toBe(true);
    expect(recorder.requests[0]?.body.length).toBe(big.length);
    expect(proxy.counters.snapshot().dynamodb?.PutItem?.['-']).toEqual({ requests: 1, errors: 0, injected: 0, requestBytes: big.length, responseBytes: big.length });
  });

  it('counts upstream 4xx/5xx as errors', async () => {
    const recorder = await recordingUpstream('{"__type":"x#InternalServerError"}', 500);
    upstream = recorder.server;
    proxy = await createAwsProxy({ upstream: { sqs: recorder.url, dynamodb: recorder.url } });

    const response = await dynamodbRequest(proxy.url, '{}');

    expect(response.status).toBe(500);
    await response.text();
    expect(proxy.counters.snapshot().dynamodb?.PutItem?.['-']).toMatchObject({ requests: 1, errors: 1 });
  });
});
