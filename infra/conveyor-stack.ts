import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ConveyorQueue } from './constructs/conveyor-queue.js';
import type { ConveyorQueueProps } from './constructs/conveyor-queue-props.js';

/** Props of `ConveyorStack`. */
export interface ConveyorStackProps extends StackProps {
  /**
   * Settings of the Conveyor construct.
   * @default - the construct's defaults
   */
  readonly conveyor?: ConveyorQueueProps;
}

/** Ids of the stack outputs; the local runtime and scripts read them by these names. */
export const OUTPUT_IDS = [
  'ApiUrl',
  'ApiKeyId',
  'QueueUrl',
  'DeadLetterQueueUrl',
  'IdempotencyTableName',
  'LedgerTableName',
  'DashboardUrl',
  'AlarmTopicArn',
  'ConsumerLogGroupName',
] as const;

/** Name of one stack output. */
export type OutputId = (typeof OUTPUT_IDS)[number];

/** The deployable unit: one `ConveyorQueue` and the outputs clients need. */
export class ConveyorStack extends Stack {
  /** The Conveyor construct. */
  public readonly conveyor: ConveyorQueue;

  /**
   * @param scope the app
   * @param id construct id (also the stack name unless `stackName` is given)
   * @param props stack props plus `conveyor` settings
   */
  public constructor(scope: Construct, id: string, props: ConveyorStackProps = {}) {
    const { conveyor, ...stackProps } = props;
    super(scope, id, stackProps);
    this.conveyor = new ConveyorQueue(this, 'Conveyor', conveyor);

    const c = this.conveyor;
    const outputs: Record<OutputId, { value: string; description: string }> = {
      ApiUrl: { value: c.api.url, description: 'Base URL of the prod stage (ends with /); POST messages and messages/batch' },
      ApiKeyId: { value: c.apiKey.keyId, description: 'Id of the API key; read its value with aws apigateway get-api-key --include-value' },
      QueueUrl: { value: c.queue.queueUrl, description: 'Main queue URL' },
      DeadLetterQueueUrl: { value: c.deadLetterQueue.queueUrl, description: 'Dead-letter queue URL' },
      IdempotencyTableName: { value: c.idempotencyTable.tableName, description: 'Idempotency table name' },
      LedgerTableName: { value: c.ledgerTable.tableName, description: 'Ledger table name' },
      DashboardUrl: {
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${c.dashboard.dashboardName}`,
        description: 'CloudWatch dashboard',
      },
      AlarmTopicArn: { value: c.alarmTopic.topicArn, description: 'SNS topic every alarm notifies' },
      ConsumerLogGroupName: { value: c.consumer.logGroup.logGroupName, description: 'The consumer\'s log group (conveyor tail follows it)' },
    };
    for (const id of OUTPUT_IDS) new CfnOutput(this, id, outputs[id]);
  }
}
