import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_RETENTION } from '../../../infra/constructs/queues.js';
import { customProps, logicalIdOf, propertiesOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe('createQueues', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  let fifo: SynthesizedConveyor;
  const logicalId = (c: SynthesizedConveyor, which: 'queue' | 'deadLetterQueue') => logicalIdOf(c, c.conveyor[which]);
  const props = (c: SynthesizedConveyor, which: 'queue' | 'deadLetterQueue') => propertiesOf(c, c.conveyor[which]);

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
    fifo = synthConveyor({ fifo: true });
  });

  it('creates exactly two queues', () => {
    defaults.template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  describe('defaults', () => {
    it('encrypts both queues with SQS-managed keys', () => {
      expect(props(defaults, 'queue').SqsManagedSseEnabled).toBe(true);
      expect(props(defaults, 'deadLetterQueue').SqsManagedSseEnabled).toBe(true);
    });

    it('denies non-TLS access to both queues', () => {
      for (const which of ['queue', 'deadLetterQueue'] as const) {
        defaults.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: logicalId(defaults, which) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });

    it('redrives to the DLQ after 5 receives', () => {
      expect(props(defaults, 'queue').RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(defaults, 'deadLetterQueue'), 'Arn'] },
        maxReceiveCount: 5,
      });
    });

    it('sets visibility timeout to 6 × the 30 s consumer timeout', () => {
      expect(props(defaults, 'queue').VisibilityTimeout).toBe(180);
    });

    it('keeps messages 4 days in the main queue', () => {
      expect(props(defaults, 'queue').MessageRetentionPeriod).toBe(Duration.days(4).toSeconds());
    });

    it('keeps messages 14 days in the DLQ', () => {
      expect(props(defaults, 'deadLetterQueue').MessageRetentionPeriod).toBe(DEAD_LETTER_RETENTION.toSeconds());
      expect(DEAD_LETTER_RETENTION.toDays()).toBe(14);
    });

    it('limits messages to 256 KiB on both queues', () => {
      expect(props(defaults, 'queue').MaximumMessageSize).toBe(262_144);
      expect(props(defaults, 'deadLetterQueue').MaximumMessageSize).toBe(262_144);
    });

    it('creates standard queues (fifo false)', () => {
      expect(props(defaults, 'queue').FifoQueue).toBeUndefined();
      expect(props(defaults, 'deadLetterQueue').FifoQueue).toBeUndefined();
    });

    it('leaves queue names to CloudFormation', () => {
      expect(props(defaults, 'queue').QueueName).toBeUndefined();
    });
  });

  describe('props', () => {
    it('fifo makes both queues FIFO without content-based deduplication', () => {
      for (const which of ['queue', 'deadLetterQueue'] as const) {
        expect(props(fifo, which)).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
        expect(props(fifo, which).QueueName).toBeUndefined();
      }
    });

    it('maxReceiveCount sets the redrive count', () => {
      expect(props(custom, 'queue').RedrivePolicy).toMatchObject({ maxReceiveCount: 3 });
    });

    it('visibilityTimeout sets the main queue visibility timeout', () => {
      expect(props(custom, 'queue').VisibilityTimeout).toBe(600);
    });

    it('consumerTimeout alone derives the visibility timeout', () => {
      const { template } = synthConveyor({ consumerTimeout: Duration.seconds(100) });

      template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 600 });
    });

    it('retentionPeriod sets the main queue retention only', () => {
      expect(props(custom, 'queue').MessageRetentionPeriod).toBe(Duration.days(2).toSeconds());
      expect(props(custom, 'deadLetterQueue').MessageRetentionPeriod).toBe(DEAD_LETTER_RETENTION.toSeconds());
    });

    it('maxMessageBytes sets both queues', () => {
      expect(props(custom, 'queue').MaximumMessageSize).toBe(1_048_576);
      expect(props(custom, 'deadLetterQueue').MaximumMessageSize).toBe(1_048_576);
    });
  });
});
