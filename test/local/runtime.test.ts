import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsProxy } from '../../local/aws-proxy/aws-proxy.js';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime.js';
import { eventually } from './lambda/fixtures.js';
import { miniTemplate, writeAssembly } from './support/assembly.js';

/**
 * The runtime in-process on a small fixture stack, with `--endpoint` pointed at an external
 * AWS-compatible endpoint (the test run's fauxqs and dynalite behind one proxy, as LocalStack
 * serves both on one port). The full stack is covered by the e2e suite; this covers the wiring.
 */
const HANDLER = `
import { appendFileSync } from 'node:fs';
export const handler = async (event, context) => {
  if (event.Records) {
    appendFileSync(process.env.OUT_FILE, JSON.stringify(event.Records.map((record) => record.body)) + '\\n');
    return { batchItemFailures: [] };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: event.path, fn: context.functionName, queueUrl: process.env.QUEUE_URL }) };
};`;

describe('startLocalRuntime with an external endpoint', () => {
  let runtime: LocalRuntime;
  let closeEndpoint: () => Promise<void>;
  let endpoint: string;
  const outFile = join(mkdtempSync(join(tmpdir(), 'conveyor-out-')), 'records.jsonl');

  beforeAll(async () => {
    const external = await createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: inject('dynamodbEndpoint') } });
    endpoint = external.url;
    closeEndpoint = () => external.close();
    const template = miniTemplate();
    const fn = template.Resources.Fn!;
    (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.OUT_FILE = outFile;
    const assembly = writeAssembly(template, { stackName: `Mini${Date.now()}`, assets: { 'asset.worker': HANDLER } });
    runtime = await startLocalRuntime({
      outputDir: assembly,
      synth: false,
      endpoint,
      port: 0,
      awsPort: 0,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await runtime?.stop({ graceMs: 0 });
    await closeEndpoint?.();
  });

  it('creates the queues on the external endpoint and serves the API with the key from the outputs file', async () => {
    const outputs = JSON.parse(readFileSync(runtime.outputsFile, 'utf8'))[runtime.stack.stackName];

    const response = await fetch(`${outputs.ApiUrl}items/42`, {
      method: 'PUT',
      headers: { 'x-api-key': outputs.ApiKey, 'content-type': 'application/json', 'X-Trace': 't' },
      body: JSON.stringify({ a: 1 }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/items/42', fn: `${runtime.stack.stackName}-Worker`, queueUrl: outputs.QueueUrl });
    // The queue URL is whatever the external endpoint's CreateQueue returned (LocalStack has its own style).
    expect(outputs.QueueUrl).toMatch(new RegExp(`/000000000000/${runtime.stack.stackName}-Queue$`));
    expect(outputs.QueueUrl).not.toContain(new URL(runtime.awsEndpoint).host);
  });

  it('runs the event source mapping against the external endpoint', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: runtime.awsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false });

    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.outputs.QueueUrl, MessageBody: 'hello' }));
    const deadline = Date.now() + 10_000;
    while (!existsSync(outFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    sqs.destroy();

    expect(readFileSync(outFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line))).toEqual([['hello']]);
  });

  it('stops idempotently and releases its ports', async () => {
    const url = runtime.runtimeUrl;

    await Promise.all([runtime.stop({ graceMs: 0 }), runtime.stop()]);

    await expect(fetch(`${url}/_conveyor/health`)).rejects.toThrow();
  });
});

describe('startLocalRuntime stopping with work in flight', () => {
  /** Sleeps 6 s (under the 7 s timeout), then notes that it finished in FINISHED_FILE. */
  const SLOW = `
import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  appendFileSync(process.env.FINISHED_FILE, 'finished\\n');
  return event.Records ? { batchItemFailures: [] } : { statusCode: 200, body: '{}' };
};`;

  it('gives in-flight invocations the grace period, then abandons them and releases everything', async () => {
    const finishedFile = join(mkdtempSync(join(tmpdir(), 'conveyor-out-')), 'finished');
    const template = miniTemplate();
    (template.Resources.Fn!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.FINISHED_FILE = finishedFile;
    const runtime = await startLocalRuntime({
      outputDir: writeAssembly(template, { stackName: 'Slow', assets: { 'asset.worker': SLOW } }),
      synth: false,
      port: 0,
      awsPort: 0,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: () => undefined,
    });
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: runtime.awsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false });
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.outputs.QueueUrl, MessageBody: 'slow' }));
    sqs.destroy();
    const request = fetch(`${runtime.apiUrl}items/1`, {
      method: 'PUT', headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json', 'X-Trace': 't' }, body: '{"a":1}',
    }).then((response) => response.status, () => 'reset');
    await eventually(async () => {
      const health = await (await fetch(`${runtime.runtimeUrl}/_conveyor/health`)).json() as { functions: { Worker: { busy: number } } };
      return health.functions.Worker.busy >= 2;
    }, 10_000);

    await runtime.stop({ graceMs: 300 });

    // The handlers would finish after 6 s: a stop that waited for them instead of abandoning them
    // would resolve only after they had written the file.
    expect(existsSync(finishedFile)).toBe(false);
    expect([502, 'reset']).toContain(await request);
  });
});
