/**
 * Fan-out, measured: delivering one message to two queues by sending it to each (what the producer
 * does) against publishing it once to an SNS topic with a raw-delivery subscription per queue, on an
 * embedded fauxqs (SQS and SNS). For each: the time the sender waits (the API's share of the
 * latency), the time until both queues hold the message (received by a long poll), requests per
 * message, and the price per million messages from bench/cost/prices.json. docs/benchmarks.md
 * ("Fan-out") holds a run and what follows from it. Nothing here asserts a speed.
 *
 *   npm run bench:fan-out -- [--messages 1000] [--json]
 */
import { parseArgs } from 'node:util';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { loadPriceTable, type PriceEntry, priceOf } from '../cost/prices.js';
import { BenchError } from '../errors.js';
import { Arrivals, percentile } from './arrivals.js';

const { values: options } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } });
const messages = Number(options.messages);
if (!Number.isInteger(messages) || messages < 10 || messages % 10 !== 0) {
  throw new BenchError('FAN_OUT_FAILED', `--messages must be a multiple of 10, at least 10 (got ${options.messages})`);
}

const QUEUES = 2;
const server = await startFauxqs({ port: 0, logger: false });
const endpoint = `http://127.0.0.1:${server.port}`;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
const sns = new SNSClient({ endpoint, region: 'us-east-1', credentials });
const body = (id: string) => JSON.stringify({ v: 1, id, type: 'orders.place', payload: { customerId: 'c-1', lines: [{ sku: 'A-1', quantity: 1 }], totalCents: 100 }, acceptedAt: Date.now() });

/** One way of fanning out: its queues, and how it sends one message or a batch of ten. */
interface Mechanism {
  readonly name: string;
  readonly queueUrls: readonly string[];
  /** Requests the sender makes for one message, and for a batch of ten. */
  readonly requests: { readonly single: number; readonly batch: number };
  sendOne(id: string): Promise<unknown>;
  sendBatch(ids: readonly string[]): Promise<unknown>;
}

function queuesFor(name: string): string[] {
  return Array.from({ length: QUEUES }, (_, index) => server.createQueue(`${name}-${index}`).queueUrl);
}

const direct = (() => {
  const queueUrls = queuesFor('direct');
  return {
    name: 'producer sends to each queue',
    queueUrls,
    requests: { single: QUEUES, batch: QUEUES },
    sendOne: (id) => Promise.all(queueUrls.map((QueueUrl) => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body(id) })))),
    sendBatch: (ids) => Promise.all(queueUrls.map((QueueUrl) => sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: ids.map((id) => ({ Id: id, MessageBody: body(id) })) })))),
  } satisfies Mechanism;
})();

const topic = (() => {
  const queueUrls = queuesFor('topic');
  const topicArn = server.createTopic('fan-out').topicArn;
  for (const queueUrl of queueUrls) server.subscribe({ topic: 'fan-out', queue: queueUrl.split('/').pop() as string, attributes: { RawMessageDelivery: 'true' } });
  return {
    name: 'SNS topic, a subscription per queue',
    queueUrls,
    requests: { single: 1, batch: 1 },
    sendOne: (id) => sns.send(new PublishCommand({ TopicArn: topicArn, Message: body(id) })),
    sendBatch: (ids) => sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: ids.map((id) => ({ Id: id, Message: body(id) })) })),
  } satisfies Mechanism;
})();

/** Sends `messages` one by one, then in batches of ten, and times the sender and the arrivals. */
async function measure(mechanism: Mechanism) {
  const arrivals = new Arrivals(sqs, mechanism.queueUrls);
  const sendMs: number[] = [];
  const deliveredMs: number[] = [];
  for (let index = 0; index < messages; index++) {
    const id = `${mechanism.name.length}-one-${index}`;
    const started = performance.now();
    await mechanism.sendOne(id);
    sendMs.push(performance.now() - started);
    deliveredMs.push((await arrivals.all(id)) - started);
  }
  const batchStarted = performance.now();
  const ids = Array.from({ length: messages }, (_, index) => `${mechanism.name.length}-batch-${index}`);
  for (let index = 0; index < ids.length; index += 10) await mechanism.sendBatch(ids.slice(index, index + 10));
  const batchSendSeconds = (performance.now() - batchStarted) / 1000;
  await Promise.all(ids.map((id) => arrivals.all(id)));
  const batchDeliveredSeconds = (performance.now() - batchStarted) / 1000;
  await arrivals.stop();
  return {
    mechanism: mechanism.name,
    single: { sendMs: percentiles(sendMs), deliveredMs: percentiles(deliveredMs) },
    batch: { sentPerSecond: Math.round(messages / batchSendSeconds), deliveredPerSecond: Math.round(messages / batchDeliveredSeconds) },
    requestsPerMessage: { single: mechanism.requests.single, batchOf10: mechanism.requests.batch / 10 },
  };
}

const percentiles = (values: readonly number[]) => ({ p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) });
const round = (value: number) => Math.round(value * 100) / 100;

const prices = loadPriceTable().prices as Readonly<Record<string, PriceEntry>>;
const price = (key: string): PriceEntry => {
  const entry = prices[key];
  if (entry === undefined) throw new BenchError('FAN_OUT_FAILED', `bench/cost/prices.json has no price ${key}`);
  return entry;
};
/** Dollars per million messages: the sender's requests (SQS sends, or SNS publishes billed per message). */
const costs = {
  'producer sends to each queue': { single: priceOf(price('sqsStandardRequests'), 1_000_000 * QUEUES), batchOf10: priceOf(price('sqsStandardRequests'), 100_000 * QUEUES) },
  'SNS topic, a subscription per queue': { single: priceOf(price('snsStandardPublishes'), 1_000_000), batchOf10: priceOf(price('snsStandardPublishes'), 1_000_000) },
};

try {
  const results = [];
  for (const mechanism of [direct, topic] as Mechanism[]) results.push({ ...(await measure(mechanism)), usdPerMillion: costs[mechanism.name as keyof typeof costs] });
  const report = { at: new Date().toISOString(), node: process.version, queues: QUEUES, messages, results };
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`fan-out to ${QUEUES} queues, ${messages} messages one by one then in batches of 10, fauxqs ${endpoint} (${process.version})\n\n`);
    process.stdout.write('| mechanism | sender waits p50 / p99 (ms) | in both queues p50 / p99 (ms) | batches: sent / delivered per s | requests per message (single / batch of 10) | $ per million (single / batch of 10) |\n|---|---|---|---|---|---|\n');
    for (const r of results) {
      process.stdout.write(`| ${r.mechanism} | ${r.single.sendMs.p50} / ${r.single.sendMs.p99} | ${r.single.deliveredMs.p50} / ${r.single.deliveredMs.p99} | ${r.batch.sentPerSecond} / ${r.batch.deliveredPerSecond} | ${r.requestsPerMessage.single} / ${r.requestsPerMessage.batchOf10} | ${r.usdPerMillion.single.toFixed(2)} / ${r.usdPerMillion.batchOf10.toFixed(2)} |\n`);
    }
  }
} finally {
  sqs.destroy();
  sns.destroy();
  await server.stop();
}
