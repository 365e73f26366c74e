import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Envelope } from '../../functions/shared/envelope.js';

/** An API Gateway (REST, proxy) event for the producer. */
export function apiEvent(overrides: {
  body?: string | null;
  resource?: string;
  method?: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string> | null;
  apiKeyId?: string;
} = {}): APIGatewayProxyEvent {
  const resource = overrides.resource ?? '/messages';
  return {
    resource,
    path: resource,
    httpMethod: overrides.method ?? 'POST',
    headers: overrides.headers ?? { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: overrides.pathParameters ?? null,
    stageVariables: null,
    body: overrides.body === undefined ? null : overrides.body,
    isBase64Encoded: overrides.isBase64Encoded ?? false,
    requestContext: { requestId: randomUUID(), identity: { apiKeyId: overrides.apiKeyId ?? 'test-key' } } as APIGatewayProxyEvent['requestContext'],
  };
}

/** `GET /messages/{id}` as API Gateway hands it to the status function. */
export const statusEvent = (id: string, apiKeyId = 'test-key'): APIGatewayProxyEvent =>
  apiEvent({ method: 'GET', resource: '/messages/{id}', pathParameters: { id }, apiKeyId, headers: {} });

/** A JSON request for the producer: `jsonEvent({ type, payload })`. */
export const jsonEvent = (body: unknown, overrides: Parameters<typeof apiEvent>[0] = {}): APIGatewayProxyEvent =>
  apiEvent({ ...overrides, body: JSON.stringify(body) });

/** A `ledger.credit` message body. */
export const credit = (account: string, amount: number, extra: Record<string, unknown> = {}) => ({
  type: 'ledger.credit',
  payload: { account, amount },
  ...extra,
});

/** A well-formed envelope. */
export const envelope = (overrides: Partial<Envelope> = {}): Envelope => ({
  v: 1,
  id: randomUUID(),
  type: 'ledger.credit',
  payload: { account: 'acct-1', amount: 100 },
  acceptedAt: Date.now(),
  ...overrides,
});

/** An SQS record as the event source mapping delivers it. */
export function sqsRecord(overrides: Partial<SQSRecord> & { body: string }): SQSRecord {
  const messageId = overrides.messageId ?? randomUUID();
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:conveyor',
    awsRegion: 'us-east-1',
    messageAttributes: {},
    ...overrides,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...overrides.attributes,
    },
  };
}

/** The record the event source mapping would build from a received SQS message. */
export function recordFromMessage(message: Message, queueArn = 'arn:aws:sqs:us-east-1:000000000000:conveyor'): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
    attributes: attributes as unknown as SQSRecord['attributes'],
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType as string,
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
        },
      ]),
    ),
  };
}

/** An SQS event of `records`. */
export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A Lambda context whose remaining time counts down from `remainingMs`. */
export function lambdaContext(remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'conveyor-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:conveyor-test',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/conveyor-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
