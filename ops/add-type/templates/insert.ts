/** The `insert` kind's templates: one item per message, keyed by its idempotency key (see `InsertHandler`). */
import { consumerTests, type KindTemplate, missingTableTest, payloadSection, payloadTests, requireTable, resend, validPayloadHelper } from './template.js';

/** The module and test of an insert-kind type. */
export const insertTemplate: KindTemplate = {
  module(input) {
    const { names, queue } = input;
    const table = requireTable(input);
    return `// \`${names.type}\`: <say what a message of this type records>. An insert-kind type: each message is
// one item of table \`${table.name}\`, keyed by the message's idempotency key and put on condition that
// the key is absent, so the item is its own idempotency record (exactly once, one write unit per new
// message). Declared in conveyor.config.ts (queue \`${queue.name}\`, table \`${table.name}\`).
// Scaffolded by \`${input.command}\`.
import * as v from 'valibot';
import {
  type HandlerFactory,
  type InsertHandler,
  type MessageTable,
  parserOf,
  tableOf,
} from '../functions/handler-api/index.js';

${payloadSection(input)}

/** The message as one item of \`table\`, keyed (its partition key) by the message's idempotency key. */
export function ${names.handlerFunction}(table: MessageTable): InsertHandler<${names.payloadInterface}> {
  return {
    kind: 'insert',
    table: { tableName: table.tableName, keyAttribute: table.partitionKey },
    item: ({ itemId, quantity }, { envelope }) => ({
      itemId: { S: itemId },
      quantity: { N: String(quantity) },
      acceptedAt: { N: String(envelope.acceptedAt) },
    }),
  };
}

/** The handler, writing table \`${table.name}\`. */
export const handler: HandlerFactory<${names.payloadInterface}> = (deps) => ${names.handlerFunction}(tableOf(deps, '${table.name}'));
`;
  },

  test(input) {
    const { names } = input;
    const table = requireTable(input);
    return `import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordKeyOf, serializeEnvelope } from '../../functions/shared/envelope.js';
import { handler, payload } from '../../handlers/${names.file}.js';
import { createKeyedTable, createQueues, createTables, dynamodbClient, type Queues, sqsClient, type Tables } from '../support/aws.js';
import { consumerConfig, testConsumer } from '../support/conveyor.js';
import { drain } from '../support/deliver.js';
import { envelope } from '../support/factories.js';

${validPayloadHelper}

${payloadTests(input, missingTableTest(input))}

${consumerTests(input, `  it('puts one item per idempotency key, keyed by the message\\'s record key, and none for a later duplicate', async () => {
    const consume = consumerFor();

    await send('key-1', valid());
    await send('key-2', valid({ itemId: 'item-2', quantity: 5 }));
    await drain(sqs, queues.queueUrl, consume);
    ${resend(input, 'key-1', 'valid()')}
    await drain(sqs, queues.queueUrl, consume);

    const items = (await dynamodb.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
    expect(items.map((item) => [item.${table.partitionKey}?.S, item.itemId?.S, item.quantity?.N]).sort()).toEqual([
      [recordKeyOf(envelope({ id: 'key-1' })), 'item-1', '2'],
      [recordKeyOf(envelope({ id: 'key-2' })), 'item-2', '5'],
    ]);
  });`)}
`;
  },
};
