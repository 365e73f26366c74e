import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES_OUTPUT, type TablesOutput } from '../../contract/index.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';
import { eventually } from '../support/eventually.js';

const repo = resolve(import.meta.dirname, '..', '..');
const example = join(repo, 'examples', 'payments');

/**
 * `npm start` in an app that uses Conveyor as a package (examples/payments, linked by the npm
 * workspace): the runtime finds the CDK CLI in the workspace root's node_modules, synthesizes the
 * app's own stack, and runs its insert-kind type end to end. The benchmark's insert-kind section
 * runs the same way. State and cloud assembly go to a scratch folder, so the work tree is unchanged.
 */
describe('an app outside the repository root, started locally', () => {
  let scratch: string;
  let runtime: RuntimeProcess;
  let outputs: Record<string, string>;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'conveyor-example-'));
    runtime = await startRuntimeProcess(example, join(scratch, 'state'), ['--in-memory', '--output', join(scratch, 'cdk.out')], { cli: join(repo, 'cli', 'conveyor.ts') });
    outputs = Object.values(JSON.parse(readFileSync(runtime.outputsFile, 'utf8')) as Record<string, Record<string, string>>)[0] ?? {};
    const aws = { region: outputs.Region ?? 'us-east-1', endpoint: outputs.SqsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    dynamodb = new DynamoDBClient(aws);
    sqs = new SQSClient({ ...aws, useQueueUrlAsEndpoint: false });
  }, 180_000);

  afterAll(async () => {
    dynamodb?.destroy();
    sqs?.destroy();
    const code = await runtime?.stop();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  const queued = async () => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  };
  const send = (key: string) => fetch(`${outputs.ApiUrl}messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': outputs.ApiKey ?? '', 'idempotency-key': key },
    body: JSON.stringify({ type: 'payments.charge', payload: { customerId: 'c-42', amountCents: 1250, currency: 'EUR' } }),
  });

  it('runs the app\'s own stack: its queue and its table', () => {
    expect(runtime.output()).toMatch(/Conveyor \(Payments\) is running locally/);
    expect(Object.keys(JSON.parse(outputs[TABLES_OUTPUT] ?? '{}') as TablesOutput)).toEqual(['charges']);
  });

  it('stores a charge sent twice with one idempotency key once, as the app\'s handler builds it', async () => {
    expect((await send('charge-1')).status).toBe(202);
    expect((await send('charge-1')).status).toBe(202);
    const charges = (JSON.parse(outputs[TABLES_OUTPUT] ?? '{}') as TablesOutput).charges ?? '';

    const status = await eventually(async () => (await (await fetch(`${outputs.ApiUrl}messages/charge-1`, { headers: { 'x-api-key': outputs.ApiKey ?? '' } })).json()) as { status?: string }, (body) => body.status === 'completed');
    // Both copies consumed: nothing visible or in flight.
    await eventually(queued, (count) => count === 0);
    const items = (await dynamodb.send(new ScanCommand({ TableName: charges, ConsistentRead: true }))).Items ?? [];

    expect(status).toMatchObject({ status: 'completed', outcome: 'applied' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ customerId: { S: 'c-42' }, amountCents: { N: '1250' }, currency: { S: 'EUR' } });
  });
});
