import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type Queues, queueDepth, sqsClient } from '../../support/aws.js';
import { testProducer } from '../../support/conveyor.js';
import { apiEvent, credit, jsonEvent } from '../../support/factories.js';

const batch = (messages: unknown) => jsonEvent({ messages }, { resource: '/messages/batch' });
const deep = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level++) value = { nested: value };
  return value;
};

/** Every class of bad input, with the answer it must get. Nothing of any of them may be enqueued. */
const cases: Array<[string, number, string, APIGatewayProxyEvent]> = [
  ['malformed JSON', 400, 'MALFORMED_JSON', apiEvent({ body: '{"type": "ledger.credit",' })],
  ['empty body', 400, 'MALFORMED_JSON', apiEvent({ body: null })],
  ['JSON that is not an object', 400, 'VALIDATION_FAILED', apiEvent({ body: '[1,2]' })],
  ['no content type', 415, 'UNSUPPORTED_MEDIA_TYPE', jsonEvent(credit('a', 1), { headers: {} })],
  ['text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', jsonEvent(credit('a', 1), { headers: { 'content-type': 'text/plain' } })],
  ['form encoding', 415, 'UNSUPPORTED_MEDIA_TYPE', jsonEvent(credit('a', 1), { headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
  ['a charset other than UTF-8', 415, 'UNSUPPORTED_MEDIA_TYPE', jsonEvent(credit('a', 1), { headers: { 'content-type': 'application/json; charset=latin1' } })],
  ['invalid UTF-8 (base64 body)', 400, 'INVALID_ENCODING', apiEvent({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), isBase64Encoded: true })],
  ['missing type', 400, 'VALIDATION_FAILED', jsonEvent({ payload: {} })],
  ['missing payload', 400, 'VALIDATION_FAILED', jsonEvent({ type: 'ledger.credit' })],
  ['payload that is an array', 400, 'VALIDATION_FAILED', jsonEvent({ type: 'ledger.credit', payload: [] })],
  ['type with spaces', 400, 'VALIDATION_FAILED', jsonEvent({ type: 'ledger credit', payload: {} })],
  ['type too long', 400, 'VALIDATION_FAILED', jsonEvent({ type: `a${'b'.repeat(64)}`, payload: {} })],
  ['unknown field', 400, 'VALIDATION_FAILED', jsonEvent({ ...credit('a', 1), priority: 'high' })],
  ['delaySeconds over 900', 400, 'VALIDATION_FAILED', jsonEvent(credit('a', 1, { delaySeconds: 901 }))],
  ['delaySeconds not an integer', 400, 'VALIDATION_FAILED', jsonEvent(credit('a', 1, { delaySeconds: 1.5 }))],
  ['groupId with a space', 400, 'VALIDATION_FAILED', jsonEvent(credit('a', 1, { groupId: 'a b' }))],
  ['payload nested 33 deep', 400, 'VALIDATION_FAILED', jsonEvent({ type: 'ledger.credit', payload: deep(33) })],
  ['payload nested 40 000 deep', 400, 'VALIDATION_FAILED', apiEvent({ body: `{"type":"ledger.credit","payload":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}` })],
  ['unknown message type', 400, 'UNKNOWN_MESSAGE_TYPE', jsonEvent({ type: 'ledger.debit', payload: {} })],
  ['invalid payload: negative amount', 400, 'INVALID_PAYLOAD', jsonEvent(credit('a', -5))],
  ['invalid payload: fractional cents', 400, 'INVALID_PAYLOAD', jsonEvent(credit('a', 1.5))],
  ['invalid payload: amount as string', 400, 'INVALID_PAYLOAD', jsonEvent({ type: 'ledger.credit', payload: { account: 'a', amount: '5' } })],
  ['Idempotency-Key too long', 400, 'INVALID_IDEMPOTENCY_KEY', jsonEvent(credit('a', 1), { headers: { 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(129) } })],
  ['Idempotency-Key with a slash', 400, 'INVALID_IDEMPOTENCY_KEY', jsonEvent(credit('a', 1), { headers: { 'content-type': 'application/json', 'idempotency-key': 'a/b' } })],
  ['empty Idempotency-Key', 400, 'INVALID_IDEMPOTENCY_KEY', jsonEvent(credit('a', 1), { headers: { 'content-type': 'application/json', 'idempotency-key': '' } })],
  ['oversize body', 413, 'PAYLOAD_TOO_LARGE', apiEvent({ body: JSON.stringify({ ...credit('a', 1), pad: 'x'.repeat(300_000) }) })],
  ['batch of 101', 400, 'VALIDATION_FAILED', batch(Array.from({ length: 101 }, () => credit('a', 1)))],
  ['empty batch', 400, 'VALIDATION_FAILED', batch([])],
  ['batch without messages', 400, 'VALIDATION_FAILED', jsonEvent({}, { resource: '/messages/batch' })],
  ['batch with one bad item among good ones', 400, 'INVALID_PAYLOAD', batch([credit('a', 1), credit('b', 0), credit('c', 3)])],
  ['batch item with a bad idempotencyKey', 400, 'INVALID_IDEMPOTENCY_KEY', batch([{ ...credit('a', 1), idempotencyKey: 'no spaces allowed' }])],
  ['batch item with a numeric idempotencyKey', 400, 'INVALID_IDEMPOTENCY_KEY', batch([{ ...credit('a', 1), idempotencyKey: 7 }])],
  ['batch with an Idempotency-Key header', 400, 'INVALID_IDEMPOTENCY_KEY', jsonEvent({ messages: [credit('a', 1)] }, { resource: '/messages/batch', headers: { 'content-type': 'application/json', 'idempotency-key': 'k' } })],
  ['batch body over 5 MiB', 413, 'PAYLOAD_TOO_LARGE', apiEvent({ resource: '/messages/batch', body: JSON.stringify({ messages: [credit('a', 1)], pad: 'x'.repeat(5 * 1024 * 1024) }) })],
  ['unknown route', 404, 'NOT_FOUND', jsonEvent(credit('a', 1), { resource: '/queues' })],
  ['GET on /messages', 404, 'NOT_FOUND', apiEvent({ method: 'GET' })],
];

describe('producer bad input', () => {
  let sqs: SQSClient;
  let queues: Queues;
  beforeAll(async () => {
    sqs = sqsClient();
    queues = await createQueues(sqs);
  });

  it.each(cases)('%s → %i %s, nothing enqueued', async (_name, status, code, event) => {
    const { produce, total } = testProducer(sqs, queues);

    const response = await produce(event);

    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/json');
    const body = JSON.parse(response.body);
    expect(body).toEqual({ error: { code, message: expect.any(String), requestId: expect.any(String) } });
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(total('MessagesAccepted')).toBe(0);
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('an envelope over maxMessageBytes is refused even when the body fits', async () => {
    const { produce } = testProducer(sqs, queues, { maxMessageBytes: 1024 });
    const request = { type: 'ledger.credit', payload: { account: 'a', amount: 1, pad: 'x'.repeat(930) } };
    const event = jsonEvent(request);
    expect(Buffer.byteLength(event.body as string)).toBeLessThanOrEqual(1024);

    const response = await produce(event);

    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/as a queued message/) });
    expect(await queueDepth(sqs, queues.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});
