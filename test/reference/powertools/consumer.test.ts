import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { buildReferenceConsumer, type ReferenceConsumer } from '../../../reference/powertools/build.js';
import { createTables, dynamodbClient, ledgerOf, type Tables } from '../../support/aws.js';
import { envelope, lambdaContext, sqsEvent, sqsRecord } from '../../support/factories.js';
import { ledgerTable } from '../../support/types.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The Powertools reference consumer (the chaos suite's and the benchmarks' comparison) built as
 * they build it and run against dynalite: it must be a fair reference, i.e. work.
 */
describe.each<ReferenceConsumer>(['powertools', 'powertools-sequential'])('reference consumer %s', (variant) => {
  let tables: Tables;
  let handler: Handler;
  const dynamodb = dynamodbClient();

  beforeAll(async () => {
    tables = await createTables(dynamodb);
    const dir = await buildReferenceConsumer(variant, mkdtempSync(join(tmpdir(), 'conveyor-reference-')));
    Object.assign(process.env, {
      MESSAGE_TABLES: JSON.stringify(ledgerTable(tables.ledgerTableName)),
      IDEMPOTENCY_TABLE_NAME: tables.idempotencyTableName,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_LAMBDA_FUNCTION_NAME: `reference-${variant}`,
    });
    ({ handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href) as { handler: Handler });
  }, 60_000);

  it('applies a credit once although the same key arrives in two records and again in a later batch', async () => {
    const message = envelope({ payload: { account: `${variant}-a`, amount: 250 }, scope: 'key1' });
    const body = serializeEnvelope(message);

    const first = await handler(sqsEvent([sqsRecord({ body })]), lambdaContext());
    const again = await handler(sqsEvent([sqsRecord({ body }), sqsRecord({ body: serializeEnvelope(envelope({ payload: { account: `${variant}-a`, amount: 1 } })) })]), lambdaContext());

    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, `${variant}-a`)).toEqual({ balance: 251, credits: 2 });
  });

  it('reports a malformed record as a batch item failure and applies the rest', async () => {
    const bad = sqsRecord({ body: '{"not":"an envelope"}' });
    const good = sqsRecord({ body: serializeEnvelope(envelope({ payload: { account: `${variant}-b`, amount: 7 } })) });

    const response = await handler(sqsEvent([bad, good]), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    expect(await ledgerOf(dynamodb, tables.ledgerTableName, `${variant}-b`)).toEqual({ balance: 7, credits: 1 });
  });
});
