import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';
import { call } from './server.js';

/**
 * The fixture stack with a second queue and DLQ, and a `Queues` output that names both — the
 * second one first, so it is the default queue — as the CDK app writes it (JSON joined around Refs).
 */
function twoQueueTemplate() {
  const base = miniTemplate();
  const queue = (name: string, queueId: string, dlqId: string) => [
    `${JSON.stringify(name)}:{"queueUrl":"`, { Ref: queueId }, '","deadLetterQueueUrl":"', { Ref: dlqId },
    '","fifo":false,"consumerLogGroupName":"/aws/lambda/', { Ref: 'Fn' }, `","types":["${name}.type"]}`,
  ];
  return miniTemplate({
    resources: {
      OrdersDlq: { Type: 'AWS::SQS::Queue', Properties: {} },
      OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] }, maxReceiveCount: 3 } } },
    },
    outputs: {
      ...base.Outputs,
      Queues: { Value: { 'Fn::Join': ['', ['{', ...queue('orders', 'OrdersQueue', 'OrdersDlq'), ',', ...queue('ledger', 'Queue', 'Dlq'), '}']] } },
    },
  });
}

describe('the runtime\'s /_conveyor/dlq on a stack with several queues', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      outputDir: writeAssembly(twoQueueTemplate(), { stackName: 'Two' }),
      synth: false,
      port: 0,
      awsPort: 0,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await runtime?.stop({ graceMs: 0 });
  });

  it('works on the DLQ of the queue ?queue= names, and of the Queues output\'s first queue without one', async () => {
    const queues = JSON.parse(runtime.outputs.Queues as string) as Record<string, { queueUrl: string; deadLetterQueueUrl: string }>;

    const byDefault = await call(`${runtime.runtimeUrl}/_conveyor/dlq`);
    const ledger = await call(`${runtime.runtimeUrl}/_conveyor/dlq?queue=ledger`);

    expect(byDefault.json).toMatchObject({ queue: 'orders', queueUrl: queues.orders?.deadLetterQueueUrl, sourceQueueUrl: queues.orders?.queueUrl, messages: [] });
    expect(ledger.json).toMatchObject({ queue: 'ledger', queueUrl: queues.ledger?.deadLetterQueueUrl, sourceQueueUrl: runtime.outputs.QueueUrl });
  });

  it('answers 404 UNKNOWN_QUEUE naming the queues of the Queues output', async () => {
    const answer = await call(`${runtime.runtimeUrl}/_conveyor/dlq/redrive`, { method: 'POST', body: JSON.stringify({ queue: 'payments' }) });

    expect(answer).toMatchObject({ status: 404, json: { error: { code: 'UNKNOWN_QUEUE', message: expect.stringContaining('orders, ledger') } } });
  });
});
