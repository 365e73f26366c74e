import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { RETRY_ATTRIBUTE } from '../../contract/index.js';

/**
 * A received record's own message attributes, as a send request takes them, for a message the
 * consumer sends on (a delayed copy, a dead-letter copy): at most `max` (SQS allows 10 per message,
 * and the sender adds its own), without the retry state, which each sender writes itself.
 */
export function forwardedAttributes(record: Pick<SQSRecord, 'messageAttributes'>, max: number): Record<string, MessageAttributeValue> {
  const forwarded: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (name === RETRY_ATTRIBUTE || Object.keys(forwarded).length >= max) continue;
    if (value.stringValue !== undefined) forwarded[name] = { DataType: value.dataType, StringValue: value.stringValue };
    else if (value.binaryValue !== undefined) forwarded[name] = { DataType: value.dataType, BinaryValue: Buffer.from(value.binaryValue, 'base64') };
  }
  return forwarded;
}
