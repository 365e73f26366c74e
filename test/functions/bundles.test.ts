import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueues, createTables, dynamodbClient, ledgerOf, type Queues, sqsClient, type Tables } from '../support/aws.js';
import { deliverOnce } from '../support/deliver.js';
import { jsonEvent, credit, lambdaContext } from '../support/factories.js';
import { resourceOf, synthConveyor, type SynthesizedConveyor } from '../infra/factories.js';

/**
 * The bundles `cdk synth` writes are what Lambda runs. This imports them — not the TypeScript
 * sources — with the environment the template gives each function, resource references pointed
 * at emulator queues and tables, and sends a message through both. It catches a broken bundle
 * (ESM output, the require shim, tree-shaking) and any drift between the variables the stack sets
 * and the ones the functions read.
 */
describe('synthesized function bundles', () => {
  let synthesized: SynthesizedConveyor;
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;

  /** The function's template environment, with Refs resolved to the emulator resources. */
  function environmentOf(fn: 'producer' | 'consumer'): Record<string, string> {
    const { conveyor, stack } = synthesized;
    const refs = new Map<string, string>([
      [stack.getLogicalId(conveyor.queue.node.defaultChild as never), queues.queueUrl],
      [stack.getLogicalId(conveyor.deadLetterQueue.node.defaultChild as never), queues.deadLetterQueueUrl],
      [stack.getLogicalId(conveyor.idempotencyTable.node.defaultChild as never), tables.idempotencyTableName],
      [stack.getLogicalId(conveyor.tables.ledger!.node.defaultChild as never), tables.ledgerTableName],
    ]);
    const variables = (resourceOf(synthesized, conveyor[fn]).Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    // A variable is a string, a Ref, or (JSON maps such as MESSAGE_ROUTES) an Fn::Join of both.
    const resolve = (name: string, value: unknown): string => {
      if (typeof value === 'string') return value;
      const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join !== undefined) return join[1].map((part) => resolve(name, part)).join(join[0]);
      const ref = (value as { Ref?: string }).Ref;
      const resolved = ref === undefined ? undefined : refs.get(ref);
      if (resolved === undefined) throw new Error(`${fn}: cannot resolve ${name} = ${JSON.stringify(value)}`);
      return resolved;
    };
    return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(name, value)]));
  }

  /** Imports a function's bundle with its environment and emulator endpoints. */
  async function importBundle(fn: 'producer' | 'consumer') {
    const outdir = (synthesized.stack.node.root as App).outdir;
    const metadata = (resourceOf(synthesized, synthesized.conveyor[fn]) as unknown as { Metadata: Record<string, string> }).Metadata;
    for (const [name, value] of Object.entries({
      ...environmentOf(fn),
      AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    })) {
      vi.stubEnv(name, value);
    }
    const url = pathToFileURL(join(outdir, metadata['aws:asset:path'] as string, 'index.mjs')).href;
    return (await import(/* @vite-ignore */ url)).handler;
  }

  beforeAll(async () => {
    synthesized = synthConveyor({}, { bundle: true, context: { 'aws:cdk:enable-asset-metadata': true } });
    sqs = sqsClient();
    dynamodb = dynamodbClient();
    [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
  }, 120_000);
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('carry a message from the API event to the ledger', async () => {
    const producer = await importBundle('producer');
    const consumer = await importBundle('consumer');

    const accepted = await producer(jsonEvent(credit('bundled', 17), { headers: { 'content-type': 'application/json', 'idempotency-key': 'bundle-1' } }), lambdaContext());
    const rejected = await producer(jsonEvent({ type: 'ledger.credit' }), lambdaContext());
    const delivery = await deliverOnce(sqs, queues.queueUrl, consumer);

    expect(accepted.statusCode).toBe(202);
    expect(JSON.parse(rejected.body).error.code).toBe('VALIDATION_FAILED');
    expect(delivery).toEqual({ received: 1, failed: [] });
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, 'bundled')).toEqual({ balance: 17, credits: 1 });
  });
});
