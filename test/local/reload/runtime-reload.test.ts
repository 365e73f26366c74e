import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSnapshot } from '../../../local/admin/dashboard-snapshot.js';
import type { ReloadReport } from '../../../local/reload/reload-report.js';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime.js';
import type { Template } from '../../../local/template/cloud-assembly.js';
import { openSse, type SseConnection } from '../admin/sse-client.js';
import { eventually } from '../../support/eventually.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';
import { rewriteAssembly } from './assembly-files.js';

/**
 * Code `version` of the fixture's function: appends `{ version, body }` to OUT_FILE for each record
 * and each API request; a body starting with `hold` first notes `started` and waits until the file
 * `<OUT_FILE>.release` exists (an invocation kept under way for as long as the test needs).
 */
const handler = (version: string) => `
import { appendFileSync, existsSync } from 'node:fs';
const note = (entry) => appendFileSync(process.env.OUT_FILE, JSON.stringify({ version: ${JSON.stringify(version)}, fn: process.env.FN, ...entry }) + '\\n');
export const handler = async (event) => {
  const bodies = event.Records ? event.Records.map((record) => record.body) : [event.body ?? ''];
  for (const body of bodies) {
    if (body.includes('hold')) {
      note({ body, started: true });
      while (!existsSync(process.env.OUT_FILE + '.release')) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    note({ body });
  }
  return event.Records ? { batchItemFailures: [] } : { statusCode: 200, body: JSON.stringify({ version: ${JSON.stringify(version)} }) };
};`;

interface Note { readonly version: string; readonly fn: string; readonly body: string; readonly started?: boolean }

const environment = (template: Template, id: string) => (template.Resources[id]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;

/**
 * `LocalRuntime.reload()` on the small fixture stack, in-process (`synth: false`: the test writes
 * each "synthesized" assembly into the same folder, as `cdk synth` does): the code swap, a new queue
 * with its consumer, a mapping turned on, the dashboard's event, and what cannot be applied live.
 */
describe('LocalRuntime.reload', () => {
  const outFile = join(mkdtempSync(join(tmpdir(), 'conveyor-out-')), 'notes.jsonl');
  const lines: string[] = [];
  let dir: string;
  let runtime: LocalRuntime;
  let sqs: SQSClient;
  let stream: SseConnection;

  /** v1: the mapping is off, so that messages wait in the queue until a reload turns it on. */
  const v1 = (): Template => {
    const template = miniTemplate();
    template.Resources.Fn!.Metadata!['aws:asset:path'] = 'asset.v1';
    Object.assign(environment(template, 'Fn'), { OUT_FILE: outFile, FN: 'Worker' });
    template.Resources.Mapping!.Properties!.Enabled = false;
    return template;
  };
  /** v2: new code, the mapping on, and a second queue (with its DLQ) read by a second function. */
  const v2 = (): Template => {
    const template = v1();
    template.Resources.Fn!.Metadata!['aws:asset:path'] = 'asset.v2';
    delete template.Resources.Mapping!.Properties!.Enabled;
    template.Resources.Dlq2 = { Type: 'AWS::SQS::Queue', Properties: {} };
    template.Resources.Queue2 = { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq2', 'Arn'] }, maxReceiveCount: 3 } } };
    template.Resources.Fn2 = {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:cdk:path': 'Mini/Mini/Payments/Resource', 'aws:asset:path': 'asset.payments' },
      Properties: { Handler: 'index.handler', Runtime: 'nodejs24.x', Timeout: 5, Environment: { Variables: { OUT_FILE: outFile, FN: 'Payments' } } },
    };
    template.Resources.Mapping2 = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue2', 'Arn'] }, FunctionName: { Ref: 'Fn2' }, BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    };
    return { ...template, Outputs: { ...template.Outputs, Queue2Url: { Value: { Ref: 'Queue2' } } } };
  };
  const notes = (): Note[] => (existsSync(outFile) ? readFileSync(outFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Note) : []);
  const put = (body: string) => fetch(`${runtime.apiUrl}items/1`, {
    method: 'PUT', headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json', 'X-Trace': 't' }, body: JSON.stringify({ a: body }),
  }).then(async (response) => ({ status: response.status, json: await response.json() as { version?: string } }));

  beforeAll(async () => {
    dir = writeAssembly(v1(), { assets: {} });
    rewriteAssembly(dir, v1(), { assets: { 'asset.v1': handler('v1'), 'asset.v2': handler('v2'), 'asset.payments': handler('p1') } });
    runtime = await startLocalRuntime({
      outputDir: dir, synth: false, port: 0, awsPort: 0, inMemory: true,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: (line) => lines.push(line),
    });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: runtime.awsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false });
    stream = await openSse(`${runtime.runtimeUrl}/_conveyor/events`);
  });
  afterAll(async () => {
    stream?.close();
    sqs?.destroy();
    await runtime?.stop({ graceMs: 0 });
  });

  it('swaps the code while an invocation is under way: it ends on the old code, the next ones run the new', async () => {
    const held = put('hold-1');
    await eventually(async () => notes(), (all) => all.some((note) => note.body.includes('hold-1') && note.started === true));
    const queued = ['q-1', 'q-2', 'q-3'];
    for (const body of queued) await sqs.send(new SendMessageCommand({ QueueUrl: runtime.outputs.QueueUrl, MessageBody: body }));
    rewriteAssembly(dir, v2());

    const report = await runtime.reload();
    writeFileSync(`${outFile}.release`, '');

    expect(report).toMatchObject({ outcome: 'applied', synthesized: false, trigger: [] });
    expect(report.summary).toBe('code of Worker; new queue Mini-Dlq2, Mini-Queue2; new function Payments; event source Worker ← Mini-Queue');
    expect(await held).toEqual({ status: 200, json: { version: 'v1' } });
    expect(await put('after')).toEqual({ status: 200, json: { version: 'v2' } });
    // Queued while the mapping was off: delivered once the reload turned it on, to the new code.
    const delivered = await eventually(async () => notes().filter((note) => queued.includes(note.body)), (found) => found.length === queued.length);
    expect(delivered.map((note) => note.version)).toEqual(['v2', 'v2', 'v2']);
  });

  it('creates the new queue and runs its new consumer; the outputs, local.json, the health and the dashboard follow', async () => {
    const queue2 = runtime.outputs.Queue2Url as string;

    await sqs.send(new SendMessageCommand({ QueueUrl: queue2, MessageBody: 'charge-1' }));

    await eventually(async () => notes(), (all) => all.some((note) => note.fn === 'Payments' && note.body === 'charge-1' && note.version === 'p1'));
    expect(JSON.parse(readFileSync(runtime.outputsFile, 'utf8')).Mini.Queue2Url).toBe(queue2);
    expect(runtime.stack.functions.map((fn) => fn.name).sort()).toEqual(['Payments', 'Worker']);
    const health = await (await fetch(`${runtime.runtimeUrl}/_conveyor/health`)).json() as { functions: Record<string, { invocations: number }> };
    // The counters run on across the swap: the held invocation (v1) and the ones since (v2).
    expect(health.functions.Worker?.invocations).toBeGreaterThanOrEqual(3);
    const reload = await stream.next<ReloadReport>('reload', (event) => event.outcome === 'applied');
    expect(reload.summary).toContain('code of Worker');
    const snapshot = await stream.next<DashboardSnapshot>('snapshot', (event) => event.queues.some((queue) => queue.name === 'Mini-Queue2'));
    expect(snapshot.functions).toHaveProperty('Payments');
    expect(lines).toContain(`reloaded in ${(reload.durationMs / 1000).toFixed(1)} s: ${reload.summary}`);
  });

  it('applies nothing when a queue would change between standard and FIFO, and says why', async () => {
    const fifo = v2();
    fifo.Resources.Queue!.Properties!.FifoQueue = true;
    fifo.Resources.Fn!.Metadata!['aws:asset:path'] = 'asset.v1';
    rewriteAssembly(dir, fifo);

    const report = await runtime.reload();

    expect(report).toMatchObject({ outcome: 'blocked', notApplied: [expect.stringMatching(/^queue Mini-Queue changes from standard to FIFO/)] });
    expect(await put('still-v2')).toEqual({ status: 200, json: { version: 'v2' } });
    expect(lines.at(-1)).toMatch(/^reload not applied \(\d+\.\d s\): queue Mini-Queue changes from standard to FIFO.*; the running stack is unchanged/);
  });

  it('keeps running the old code when the new assembly cannot be read, and a later good one applies', async () => {
    const broken = v2();
    broken.Resources.Fn!.Metadata!['aws:asset:path'] = 'asset.missing';
    rewriteAssembly(dir, broken);
    // rewriteAssembly writes a default handler for every asset it names: take this one away again.
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'asset.missing'), { recursive: true });

    const failed = await runtime.reload();
    rewriteAssembly(dir, v2());
    const unchanged = await runtime.reload();

    expect(failed).toMatchObject({ outcome: 'failed', error: expect.stringContaining('asset.missing') });
    expect(await put('still-v2')).toEqual({ status: 200, json: { version: 'v2' } });
    // The same assembly as the one running, and no synth: a quiet reload that changes nothing.
    expect(unchanged).toMatchObject({ outcome: 'applied', summary: 'no change to the stack' });
    expect(lines.at(-1)).toMatch(/^reload failed/);
  });
});
