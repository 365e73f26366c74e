import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { recordBytes, sqsRecord } from '../../../local/esm/sqs-event.js';

const source = { queueArn: 'arn:aws:sqs:eu-west-1:000000000000:conveyor', region: 'eu-west-1' };

/** A message as ReceiveMessage returns it with all attributes. */
function message(overrides: Partial<Message> = {}): Message {
  return {
    MessageId: 'id-1',
    ReceiptHandle: 'handle-1',
    MD5OfBody: 'md5',
    Body: '{"a":1}',
    Attributes: { SenderId: 'AIDA', SentTimestamp: '1000', ApproximateReceiveCount: '2', ApproximateFirstReceiveTimestamp: '1001' },
    ...overrides,
  };
}

describe('sqsRecord', () => {
  it('builds the record Lambda delivers', () => {
    const record = sqsRecord(message(), source);

    expect(record).toEqual({
      messageId: 'id-1',
      receiptHandle: 'handle-1',
      body: '{"a":1}',
      attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1000', SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: '1001' },
      messageAttributes: {},
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: source.queueArn,
      awsRegion: 'eu-west-1',
    });
    expect(Object.keys(record.attributes)).toEqual(['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
  });

  it('passes FIFO attributes through and drops attributes Lambda does not pass', () => {
    const record = sqsRecord(
      message({ Attributes: { ApproximateReceiveCount: '1', MessageGroupId: 'g', MessageDeduplicationId: 'd', SequenceNumber: '7', Unknown: 'x' } as Message['Attributes'] }),
      source,
    );

    expect(record.attributes).toEqual({ ApproximateReceiveCount: '1', SequenceNumber: '7', MessageGroupId: 'g', MessageDeduplicationId: 'd' });
  });

  it('converts message attributes, binary ones to base64', () => {
    const record = sqsRecord(
      message({
        MD5OfMessageAttributes: 'md5-attrs',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'credit' },
          blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 255]) },
        },
      }),
      source,
    );

    expect(record.md5OfMessageAttributes).toBe('md5-attrs');
    expect(record.messageAttributes).toEqual({
      kind: { stringValue: 'credit', stringListValues: [], binaryListValues: [], dataType: 'String' },
      blob: { binaryValue: 'AQL/', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
  });

  it('measures a record by its JSON bytes', () => {
    const record = sqsRecord(message({ Body: '€'.repeat(100) }), source);

    expect(recordBytes(record)).toBe(Buffer.byteLength(JSON.stringify(record)) + 1);
    expect(recordBytes(record)).toBeGreaterThan(300);
  });
});
