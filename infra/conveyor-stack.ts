import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { QUEUES_OUTPUT, type QueueOutput, TABLES_OUTPUT } from '../contract/index.js';
import { type ConveyorProps, ConveyorQueue } from './constructs/conveyor-queue.js';

/** Props of `ConveyorStack`. */
export interface ConveyorStackProps extends StackProps {
  /**
   * Settings of the Conveyor construct.
   * @default - the construct's defaults
   */
  readonly conveyor?: ConveyorProps;
}

/** Ids of the stack outputs; the local runtime and scripts read them by these names. */
export const OUTPUT_IDS = [
  'ApiUrl',
  'ApiKeyId',
  'QueueUrl',
  'DeadLetterQueueUrl',
  'IdempotencyTableName',
  QUEUES_OUTPUT,
  TABLES_OUTPUT,
  'DashboardUrl',
  'AlarmTopicArn',
  'ConsumerLogGroupName',
] as const;

/** Name of one stack output. */
export type OutputId = (typeof OUTPUT_IDS)[number];

/** The deployable unit: one `ConveyorQueue` (all the queues) and the outputs clients need. */
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
      QueueUrl: { value: c.queue.queueUrl, description: 'The default queue\'s URL' },
      DeadLetterQueueUrl: { value: c.deadLetterQueue.queueUrl, description: 'The default queue\'s dead-letter queue URL' },
      IdempotencyTableName: { value: c.idempotencyTable.tableName, description: 'Idempotency table name' },
      [QUEUES_OUTPUT]: {
        value: this.toJsonString(Object.fromEntries(Object.values(c.queues).map((unit): [string, QueueOutput] => [unit.name, {
          queueUrl: unit.queue.queueUrl,
          deadLetterQueueUrl: unit.deadLetterQueue.queueUrl,
          fifo: unit.settings.fifo,
          consumerLogGroupName: unit.consumerLogGroup.logGroupName,
          types: unit.types,
        }]))),
        description: 'Every queue by name, the default one first (JSON: queueUrl, deadLetterQueueUrl, fifo, consumerLogGroupName, types)',
      },
      [TABLES_OUTPUT]: {
        value: this.toJsonString(Object.fromEntries(Object.entries(c.tables).map(([name, table]) => [name, table.tableName]))),
        description: 'Every effect table by name (JSON: name → DynamoDB table name)',
      },
      DashboardUrl: {
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${c.dashboard.dashboardName}`,
        description: 'CloudWatch dashboard',
      },
      AlarmTopicArn: { value: c.alarmTopic.topicArn, description: 'SNS topic every alarm notifies' },
      ConsumerLogGroupName: { value: c.consumer.logGroup.logGroupName, description: 'The default queue\'s consumer\'s log group (conveyor tail follows it)' },
    };
    for (const id of OUTPUT_IDS) new CfnOutput(this, id, outputs[id]);
  }
}
