import { byAge, type DeadLetter, type DeadLetterReader, isNamed, toDeadLetter } from '../../ops/dead-letter.js';
import { LocalRuntimeError } from '../errors.js';
import { type InspectedMessage, inspectedMessages, type QueueInspector } from './fauxqs-inspection.js';

/**
 * Reads the DLQ through the emulator's inspection instead of ReceiveMessage: listing and peeking
 * change no receive count and hide nothing, and every message is seen — in flight and delayed ones
 * too, and every FIFO group's, not only its first. Messages are matched by DLQ or source message id.
 * `list` and `peek` throw a {@link LocalRuntimeError} `QUEUE_NOT_FOUND` when the emulator has no such queue.
 */
export function inspectionDeadLetterReader(inspect: QueueInspector, queueName: string): DeadLetterReader {
  const all = async (): Promise<DeadLetter[]> => {
    const inspection = await inspect(queueName);
    if (inspection === undefined) throw new LocalRuntimeError('QUEUE_NOT_FOUND', `The specified queue ${queueName} does not exist`);
    return inspectedMessages(inspection).map(({ message, state }) => toDeadLetter({
      messageId: message.messageId,
      body: message.body,
      state,
      attributes: systemAttributes(message),
      messageAttributes: attributeValues(message),
    })).sort(byAge);
  };
  return {
    countsAsReceive: false,
    list: async (max) => (await all()).slice(0, max),
    peek: async (id) => (await all()).find((letter) => isNamed(letter, id)),
  };
}

/** The system attributes ReceiveMessage would return for the message, from what the emulator keeps. */
function systemAttributes(message: InspectedMessage): Record<string, string> {
  const attributes: Record<string, string> = {
    SentTimestamp: String(message.sentTimestamp ?? 0),
    ApproximateReceiveCount: String(message.approximateReceiveCount ?? 0),
  };
  if (message.approximateFirstReceiveTimestamp) attributes.ApproximateFirstReceiveTimestamp = String(message.approximateFirstReceiveTimestamp);
  if (message.messageGroupId !== undefined) attributes.MessageGroupId = message.messageGroupId;
  if (message.messageDeduplicationId !== undefined) attributes.MessageDeduplicationId = message.messageDeduplicationId;
  if (message.sequenceNumber !== undefined) attributes.SequenceNumber = message.sequenceNumber;
  return attributes;
}

function attributeValues(message: InspectedMessage): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.messageAttributes ?? {})) {
    if (value.StringValue !== undefined) values[name] = value.StringValue;
    else if (value.BinaryValue !== undefined) values[name] = value.BinaryValue;
  }
  return values;
}
