import * as cloudwatchLogs from '@aws-sdk/client-cloudwatch-logs';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as sqs from '@aws-sdk/client-sqs';
import { NormalizedSchema } from '@smithy/core/schema';
import { describe, expect, it } from 'vitest';
import { EventStreamSerde, eventStreamSerdeProvider } from '../../../functions/shared/no-event-streams.js';

/** Operation schemas are `[9, namespace, name, traits, input, output]`, exported as `<Name>$`. */
const OPERATION = 9;

/** The operations of an SDK client package whose input or output has an event stream (what makes the SDK load `@smithy/core/event-streams`). */
function eventStreamOperations(client: Readonly<Record<string, unknown>>): string[] {
  const operations = Object.entries(client).filter((entry): entry is [string, unknown[]] => entry[0].endsWith('$') && Array.isArray(entry[1]) && entry[1][0] === OPERATION);
  return operations
    .filter(([, [, , , , input, output]]) => [input, output].some((schema) => NormalizedSchema.of(schema as never).getEventStreamMember() !== ''))
    .map(([name]) => name.slice(0, -1));
}

describe('no-event-streams (the bundles\' @smithy/core/event-streams)', () => {
  it('is never loaded: no operation of the SQS or DynamoDB client has an event stream', () => {
    expect(Object.keys(sqs).filter((name) => name.endsWith('Command')).length).toBeGreaterThan(10);
    expect(Object.keys(dynamodb).filter((name) => name.endsWith('Command')).length).toBeGreaterThan(10);

    expect(eventStreamOperations(sqs)).toEqual([]);
    expect(eventStreamOperations(dynamodb)).toEqual([]);
  });

  it('would be seen by that check: a client with an event stream has it found', () => {
    expect(eventStreamOperations(cloudwatchLogs)).toContain('StartLiveTail');
  });

  it('fails clearly if it ever is', () => {
    expect(() => new EventStreamSerde()).toThrow(/event-streams is not bundled/);
    expect(() => eventStreamSerdeProvider()).toThrow(/event-streams is not bundled/);
  });
});
