/** The `transactional` kind's templates: DynamoDB writes committed with the idempotency record (see `TransactionalHandler`). */
import { consumerTests, type KindTemplate, missingTableTest, payloadSection, payloadTests, requireTable, resend, validPayloadHelper } from './template.js';

/** The module and test of a transactional type. */
export const transactionalTemplate: KindTemplate = {
  module(input) {
    const { names, queue } = input;
    const table = requireTable(input);
    return `// \`${names.type}\`: <say what a message of this type changes>. A transactional type: its writes are
// committed in one DynamoDB transaction with the message's idempotency record, so a crash can never
// apply them without recording them, or record them without applying them (exactly once). Declared
// in conveyor.config.ts (queue \`${queue.name}\`, table \`${table.name}\`).
// Scaffolded by \`${input.command}\`.
import * as v from 'valibot';
import {
  type HandlerFactory,
  type MessageTable,
  parserOf,
  tableOf,
  type TransactionalHandler,
} from '../functions/handler-api/index.js';

${payloadSection(input)}

/**
 * An \`ADD\` of the quantity to the item of \`table\` keyed (its partition key) by the item id, counting
 * the messages applied. Not idempotent on its own: the transaction with the idempotency record is
 * what applies it once per idempotency key. At most 99 writes per message.
 * @param clock @default Date.now
 */
export function ${names.handlerFunction}(table: MessageTable, clock: () => number = Date.now): TransactionalHandler<${names.payloadInterface}> {
  return {
    kind: 'transactional',
    writes: ({ itemId, quantity }) => [{
      Update: {
        TableName: table.tableName,
        Key: { [table.partitionKey]: { S: itemId } },
        UpdateExpression: 'ADD quantity :quantity, messages :one SET updatedAt = :now',
        ExpressionAttributeValues: {
          ':quantity': { N: String(quantity) },
          ':one': { N: '1' },
          ':now': { N: String(clock()) },
        },
      },
    }],
  };
}

/** The handler, writing table \`${table.name}\`. */
export const handler: HandlerFactory<${names.payloadInterface}> = (deps) => ${names.handlerFunction}(tableOf(deps, '${table.name}'));
`;
  },

  test(input) {
    const { names } = input;
    const table = requireTable(input);
    return `import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serializeEnvelope } from '../../functions/shared/envelope.js';
import { handler, payload } from '../../handlers/${names.file}.js';
import { createKeyedTable, createQueues, createTables, dynamodbClient, type Queues, sqsClient, type Tables } from '../support/aws.js';
import { consumerConfig, testConsumer } from '../support/conveyor.js';
import { drain } from '../support/deliver.js';
import { envelope } from '../support/factories.js';

${validPayloadHelper}

${payloadTests(input, missingTableTest(input))}

${consumerTests(input, `  it('applies each idempotency key once, a later duplicate included', async () => {
    const consume = consumerFor();

    await send('key-1', valid({ quantity: 2 }));
    await send('key-2', valid({ quantity: 3 }));
    await drain(sqs, queues.queueUrl, consume);
    ${resend(input, 'key-1', 'valid({ quantity: 2 })')}
    await drain(sqs, queues.queueUrl, consume);

    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { ${table.partitionKey}: { S: 'item-1' } }, ConsistentRead: true }));
    expect({ quantity: Item?.quantity?.N, messages: Item?.messages?.N }).toEqual({ quantity: '5', messages: '2' });
  });`)}
`;
  },
};
