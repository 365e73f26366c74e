import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/** What `createAlarmTopic` returns. */
export interface AlarmTopic {
  /** Every Conveyor alarm notifies this topic (ALARM and OK). */
  readonly topic: sns.Topic;
  /** The customer-managed key encrypting the topic. */
  readonly key: kms.Key;
}

/**
 * Creates the alarm topic in `scope`: TLS enforced, encrypted with a
 * customer-managed key that CloudWatch may use (CloudWatch cannot publish to a
 * topic encrypted with the AWS-managed `aws/sns` key), and an optional email
 * subscription.
 */
export function createAlarmTopic(scope: Construct, alarmEmail?: string): AlarmTopic {
  const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: 'Encrypts the Conveyor alarm topic',
    enableKeyRotation: true,
    // The topic holds no data at rest, so nothing needs this key after the stack is gone.
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  // The key policy AWS documents for CloudWatch alarms on encrypted topics. Which alarms may
  // publish at all is restricted by the topic policy below.
  key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');

  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'Conveyor alarms',
    masterKey: key,
    enforceSSL: true,
  });
  // enforceSSL replaces the default topic policy, so allow this account's alarms explicitly.
  // (grantPublish also adds the same condition to a second key-policy statement.)
  const stack = Stack.of(scope);
  topic.grantPublish(
    cloudWatch.withConditions({
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
    }),
  );

  if (alarmEmail !== undefined) {
    topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail));
  }
  return { topic, key };
}
