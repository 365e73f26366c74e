import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES } from '../../../contract/index.js';
import type { HandlerRegistry, InsertHandler } from '../../../functions/consumer/handlers/index.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import type { LedgerCredit } from '../../../handlers/ledger-credit.js';
import { createKeyedTable, createQueues, createTables, dynamodbClient, type Queues, receiveAll, sqsClient, type Tables } from '../../support/aws.js';
import { consumerConfig, testConsumer } from '../../support/conveyor.js';
import { deliverOnce, drain } from '../../support/deliver.js';
import { envelope, lambdaContext, recordFromMessage } from '../../support/factories.js';

/**
 * An insert-kind handler for `ledger.credit` payloads, writing one entry per message into a table
 * keyed `entryKey` (test input: a table of its own, apart from the example orders.place).
 */
function entriesHandler(tableName: string): InsertHandler<LedgerCredit> {
  return {
    kind: 'insert',
    table: { tableName, keyAttribute: 'entryKey' },
    item: ({ account, amount }) => ({ account: { S: account }, amount: { N: String(amount) } }),
  };
}

describe('consumer with an insert-kind type', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let queues: Queues;
  let tables: Tables;
  let entries: string;
  let handlers: HandlerRegistry;

  const send = (id: string, account: string, amount: number) =>
    sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: serializeEnvelope(envelope({ id, payload: { account, amount } })) }));
  const items = async () => (await dynamodb.send(new ScanCommand({ TableName: entries, ConsistentRead: true }))).Items ?? [];

  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });
  beforeEach(async () => {
    [queues, tables, entries] = await Promise.all([createQueues(sqs), createTables(dynamodb), createKeyedTable(dynamodb, 'entries', 'entryKey')]);
    handlers = { 'ledger.credit': entriesHandler(entries) } as HandlerRegistry;
  });

  it('inserts one item per message and none for its duplicates, in one batch or later, without an idempotency record', async () => {
    const { consume, store } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { handlers });
    await send('e-1', 'alice', 100);
    await send('e-1', 'alice', 100);
    await send('e-2', 'bob', 5);
    await drain(sqs, queues.queueUrl, consume);
    await send('e-1', 'alice', 100);
    await drain(sqs, queues.queueUrl, consume);

    const found = await items();
    expect(found.map((item) => [item.account?.S, item.amount?.N]).sort()).toEqual([['alice', '100'], ['bob', '5']]);
    expect(await store.get(found[0]?.entryKey?.S ?? '')).toBeUndefined();
  });

  it('dead-letters a key reused with other content, leaving the first item', async () => {
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { handlers });
    await send('e-3', 'carol', 7);
    await drain(sqs, queues.queueUrl, consume);
    await send('e-3', 'carol', 8);
    await drain(sqs, queues.queueUrl, consume);

    expect((await items()).map((item) => item.amount?.N)).toEqual(['7']);
    const [dead] = await receiveAll(sqs, queues.deadLetterQueueUrl);
    expect(dead?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.errorCode]?.StringValue).toBe('PAYLOAD_MISMATCH');
  });

  it('applies once when the invocation dies after the insert, before the message is deleted', async () => {
    const { consume } = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables), { handlers });
    await send('e-4', 'dave', 3);
    const [message] = await receiveAll(sqs, queues.queueUrl, 1, 60);

    await consume({ Records: [recordFromMessage(message!)] }, lambdaContext());
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queues.queueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    const redelivered = await deliverOnce(sqs, queues.queueUrl, consume);

    expect(redelivered).toEqual({ received: 1, failed: [] });
    expect((await items()).map((item) => item.account?.S)).toEqual(['dave']);
  });
});
