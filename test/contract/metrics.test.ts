import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../contract/index.js';
import { serializeEnvelope } from '../../functions/shared/envelope.js';
import { createQueues, createTables, dynamodbClient, sqsClient } from '../support/aws.js';
import { consumerConfig, testConsumer, testProducer } from '../support/conveyor.js';
import { drain } from '../support/deliver.js';
import { envelope, jsonEvent } from '../support/factories.js';
import { synthConveyor } from '../infra/factories.js';

const catalogue = new Map<string, string>(Object.values(METRICS).map((metric) => [metric.name, metric.unit]));

/** The custom metrics (namespace `Conveyor`) a synthesized template's alarms and dashboard read. */
function customMetricsIn(template: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const text = JSON.stringify(template);
  // Alarms: {"MetricName":"…","Namespace":"Conveyor"} (also inside math expressions' MetricStat).
  for (const match of text.matchAll(/"MetricName":"([A-Za-z]+)","Namespace":"Conveyor"/g)) names.add(match[1]!);
  for (const match of text.matchAll(/"Namespace":"Conveyor","MetricName":"([A-Za-z]+)"/g)) names.add(match[1]!);
  // The dashboard body is a JSON string inside the template: [\"Conveyor\",\"<MetricName>\",\"service\",…]
  for (const match of text.matchAll(/\\"Conveyor\\",\\"([A-Za-z]+)\\"/g)) names.add(match[1]!);
  return names;
}

describe('the metric catalogue', () => {
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  beforeAll(() => {
    sqs = sqsClient();
    dynamodb = dynamodbClient();
  });

  it('holds every metric the producer and the consumer emit, with the unit they emit it in', async () => {
    const [queues, tables] = await Promise.all([createQueues(sqs), createTables(dynamodb)]);
    const producer = testProducer(sqs, queues);
    const consumer = testConsumer({ sqs, dynamodb }, consumerConfig(queues, tables));
    await producer.produce(jsonEvent({ type: 'ledger.credit', payload: { account: 'alice', amount: 5 } }));
    await producer.produce(jsonEvent({ type: 'ledger.steal', payload: {} }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: serializeEnvelope(envelope({ id: 'dup', payload: { account: 'bob', amount: 1 } })) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: serializeEnvelope(envelope({ id: 'dup', payload: { account: 'bob', amount: 1 } })) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: 'not an envelope' }));
    await drain(sqs, queues.queueUrl, consumer.consume);

    const emitted = [...producer.recorded, ...consumer.recorded];

    expect(emitted.length).toBeGreaterThan(0);
    for (const { name, unit } of emitted) expect({ name, unit }).toEqual({ name, unit: catalogue.get(name) });
    expect(new Set(emitted.map(({ name }) => name))).toEqual(new Set(['MessagesAccepted', 'MessagesRejected', 'MessagesProcessed', 'DuplicatesSkipped', 'MessagesDeadLettered', 'EndToEndLatency', 'QueueWait', 'ProcessingTime']));
  });

  it('holds every custom metric the alarms and the CloudWatch dashboard watch', () => {
    const { template } = synthConveyor();
    const watched = [...customMetricsIn(template.toJSON())];

    expect(watched).toEqual(expect.arrayContaining(['MessagesFailed', 'MessagesProcessed', 'EndToEndLatency', 'MessagesAccepted']));
    for (const name of watched) expect(catalogue.has(name), `${name} is in the catalogue`).toBe(true);
  });
});
