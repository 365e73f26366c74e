import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

/** A message attribute as Lambda puts it in an SQS record. */
export interface SqsRecordMessageAttribute {
  readonly stringValue?: string;
  /** Base64. */
  readonly binaryValue?: string;
  readonly stringListValues: string[];
  readonly binaryListValues: string[];
  readonly dataType: string;
}

/** One record of the event Lambda's SQS event source mapping sends (`SQSRecord` of `aws-lambda`). */
export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: Readonly<Record<string, SqsRecordMessageAttribute>>;
  readonly md5OfMessageAttributes?: string;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** The event of one batch. */
export interface SqsEvent {
  readonly Records: SqsRecord[];
}

/** Where the records come from. */
export interface RecordSource {
  /** The queue's ARN (`eventSourceARN`). */
  readonly queueArn: string;
  readonly region: string;
}

/** System attributes Lambda passes on, in its order; the FIFO ones and `AWSTraceHeader` only when present. */
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

/** Bytes of `{"Records":[]}`. */
export const EMPTY_EVENT_BYTES = Buffer.byteLength(JSON.stringify({ Records: [] }));

/** The record Lambda builds from a received message (received with all system and message attributes). */
export function sqsRecord(message: Message, source: RecordSource): SqsRecord {
  const md5OfMessageAttributes = message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: systemAttributes(message.Attributes ?? {}),
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, messageAttribute(value)])),
    ...md5OfMessageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
}

/** What a record adds to the event's JSON size, in bytes (its JSON plus a separating comma). */
export const recordBytes = (record: SqsRecord): number => Buffer.byteLength(JSON.stringify(record)) + 1;

function systemAttributes(attributes: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(SYSTEM_ATTRIBUTES.flatMap((name) => (attributes[name] === undefined ? [] : [[name, attributes[name]]])));
}

function messageAttribute(value: MessageAttributeValue): SqsRecordMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
    stringListValues: [...(value.StringListValues ?? [])],
    binaryListValues: (value.BinaryListValues ?? []).map((binary) => Buffer.from(binary).toString('base64')),
    dataType: value.DataType ?? 'String',
  };
}
