import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { customProps, logicalIdOf, propertiesOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe('createAlarmTopic', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const keyId = (s: SynthesizedConveyor) => (propertiesOf(s, s.conveyor.alarmTopic).KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
  });

  it('encrypts the topic with a customer-managed key', () => {
    expect(defaults.template.toJSON().Resources[keyId(defaults)].Type).toBe('AWS::KMS::Key');
  });

  it('rotates the key', () => {
    expect(defaults.template.toJSON().Resources[keyId(defaults)].Properties.EnableKeyRotation).toBe(true);
  });

  it('lets CloudWatch use the key', () => {
    defaults.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Resource: '*' },
        ]),
      },
    });
  });

  it("lets this account's alarms publish and denies publishing without TLS", () => {
    defaults.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf(defaults, defaults.conveyor.alarmTopic) }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ],
      },
    });
  });

  it('has no subscription by default', () => {
    defaults.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarmEmail subscribes the address', () => {
    custom.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalIdOf(custom, custom.conveyor.alarmTopic) },
    });
  });
});
