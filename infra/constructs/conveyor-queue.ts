import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createAlarmTopic } from './alarm-topic.js';
import { CONSUMER_ENVIRONMENT, POWERTOOLS_ENVIRONMENT, PRODUCER_ENVIRONMENT, STATUS_ENVIRONMENT } from '../../contract/index.js';
import { bindQueueConsumer, bindQueueRetries, bindQueueSender, bindTable, settingVariable } from './bindings.js';
import {
  type ConveyorQueueProps,
  type ResolvedConveyorQueueProps,
  rejectUnknownProps,
  resolveConveyorQueueProps,
} from './conveyor-queue-props.js';
import { FUNCTION_ENTRIES, createConveyorFunction } from './functions.js';
import { createIngestApi } from './ingest-api.js';
import { type ConveyorAlarms, ConveyorObservability } from './observability.js';
import { createQueues } from './queues.js';
import { createTables } from './tables.js';
import { validateConveyorQueueProps } from './validate-props.js';

/** Producer (and status) function timeout: well under API Gateway's 29-second integration limit. */
export const PRODUCER_TIMEOUT = Duration.seconds(10);

/** Log level of every function (`POWERTOOLS_LOG_LEVEL`). */
export const FUNCTION_LOG_LEVEL = 'INFO';

/**
 * Conveyor: a self-hosted message queue. `POST /messages` (API key) → producer
 * → SQS → consumer (idempotent via DynamoDB) → ledger table; failures retry,
 * then land in the dead-letter queue; a dashboard and alarms watch it all.
 *
 * @example
 * new ConveyorQueue(stack, 'Conveyor', { fifo: true, maxReceiveCount: 3 });
 */
export class ConveyorQueue extends Construct {
  /** Main queue. */
  public readonly queue: sqs.Queue;
  /** Dead-letter queue (14-day retention). */
  public readonly deadLetterQueue: sqs.Queue;
  /** API → SQS function. */
  public readonly producer: nodejs.NodejsFunction;
  /** SQS → DynamoDB function. */
  public readonly consumer: nodejs.NodejsFunction;
  /** `GET /messages/{id}` function: reads a message's idempotency record. */
  public readonly status: nodejs.NodejsFunction;
  /** Idempotency records, one per idempotency key, expiring after `idempotencyTtl`. */
  public readonly idempotencyTable: dynamodb.Table;
  /** The consumer's business effect, keyed by account. */
  public readonly ledgerTable: dynamodb.Table;
  /** REST API, stage `prod`. */
  public readonly api: apigw.RestApi;
  /** The API key clients send as `x-api-key`. */
  public readonly apiKey: apigw.IApiKey;
  /** CloudWatch dashboard. */
  public readonly dashboard: cw.Dashboard;
  /** SNS topic every alarm notifies. */
  public readonly alarmTopic: sns.Topic;
  /** The alarms, by purpose. */
  public readonly alarms: ConveyorAlarms;
  /** Props with every default applied, as deployed. */
  public readonly settings: ResolvedConveyorQueueProps;

  /**
   * @param scope parent construct
   * @param id construct id
   * @param props optional settings, see `ConveyorQueueProps`
   * @throws ConveyorConstructError `UNKNOWN_PROP` for an unknown prop, `INVALID_PROP` for one out of range or inconsistent
   */
  public constructor(scope: Construct, id: string, props: ConveyorQueueProps = {}) {
    super(scope, id);
    rejectUnknownProps(props);
    const p = resolveConveyorQueueProps(this, props);
    validateConveyorQueueProps(p);
    this.settings = p;

    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = createQueues(this, p));
    ({ idempotencyTable: this.idempotencyTable, ledgerTable: this.ledgerTable } = createTables(this, p));

    const powertools = {
      [POWERTOOLS_ENVIRONMENT.serviceName]: p.serviceName,
      [POWERTOOLS_ENVIRONMENT.metricsNamespace]: p.metricsNamespace,
      [POWERTOOLS_ENVIRONMENT.logLevel]: FUNCTION_LOG_LEVEL,
    };

    this.producer = createConveyorFunction(this, 'Producer', {
      entry: FUNCTION_ENTRIES.producer,
      description: 'Conveyor producer: validates API requests and sends them to SQS',
      memorySize: p.producerMemorySize,
      timeout: PRODUCER_TIMEOUT,
      logRetention: p.logRetention,
      environment: {
        ...powertools,
        ...settingVariable(PRODUCER_ENVIRONMENT.fifo, p.fifo),
        ...settingVariable(PRODUCER_ENVIRONMENT.maxMessageBytes, p.maxMessageBytes),
      },
    }).fn;
    bindQueueSender(this.producer, PRODUCER_ENVIRONMENT.queueUrl, this.queue);

    this.consumer = createConveyorFunction(this, 'Consumer', {
      entry: FUNCTION_ENTRIES.consumer,
      description: 'Conveyor consumer: applies each message once, using the idempotency table',
      memorySize: p.consumerMemorySize,
      timeout: p.consumerTimeout,
      logRetention: p.logRetention,
      environment: {
        ...powertools,
        ...settingVariable(CONSUMER_ENVIRONMENT.fifo, p.fifo),
        ...settingVariable(CONSUMER_ENVIRONMENT.maxReceiveCount, p.maxReceiveCount),
        ...settingVariable(CONSUMER_ENVIRONMENT.idempotencyTtlSeconds, p.idempotencyTtl.toSeconds()),
        ...settingVariable(CONSUMER_ENVIRONMENT.retryBaseSeconds, p.retryBaseDelay.toSeconds()),
        ...settingVariable(CONSUMER_ENVIRONMENT.retryMaxDelaySeconds, p.retryMaxDelay.toSeconds()),
        ...settingVariable(CONSUMER_ENVIRONMENT.retryBudgetSeconds, p.retryBudget.toSeconds()),
      },
    }).fn;
    bindQueueConsumer(this.consumer, CONSUMER_ENVIRONMENT.queueUrl, this.queue, {
      batchSize: p.batchSize,
      ...(p.maxBatchingWindow.isUnresolved() || p.maxBatchingWindow.toMilliseconds() > 0 ? { maxBatchingWindow: p.maxBatchingWindow } : {}),
      ...(p.maxConcurrency === undefined ? {} : { maxConcurrency: p.maxConcurrency }),
      reportBatchItemFailures: true,
    });
    // A retried message goes back to its queue as a delayed copy (standard queues).
    bindQueueRetries(this.consumer, this.queue);
    // Permanent failures go straight to the DLQ instead of burning the remaining receives.
    bindQueueSender(this.consumer, CONSUMER_ENVIRONMENT.deadLetterQueueUrl, this.deadLetterQueue);
    bindTable(
      this.consumer,
      CONSUMER_ENVIRONMENT.idempotencyTableName,
      this.idempotencyTable,
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    bindTable(this.consumer, CONSUMER_ENVIRONMENT.ledgerTableName, this.ledgerTable, 'dynamodb:UpdateItem');

    this.status = createConveyorFunction(this, 'Status', {
      entry: FUNCTION_ENTRIES.status,
      description: 'Conveyor status: answers GET /messages/{id} from the idempotency table',
      memorySize: p.producerMemorySize,
      timeout: PRODUCER_TIMEOUT,
      logRetention: p.logRetention,
      environment: { [POWERTOOLS_ENVIRONMENT.serviceName]: p.serviceName, [POWERTOOLS_ENVIRONMENT.logLevel]: FUNCTION_LOG_LEVEL },
    }).fn;
    bindTable(this.status, STATUS_ENVIRONMENT.idempotencyTableName, this.idempotencyTable, 'dynamodb:GetItem');

    ({ api: this.api, apiKey: this.apiKey } = createIngestApi(this, {
      producer: this.producer,
      status: this.status,
      rateLimit: p.apiRateLimit,
      burstLimit: p.apiBurstLimit,
      ...(p.apiDailyQuota === undefined ? {} : { dailyQuota: p.apiDailyQuota }),
      logRetention: p.logRetention,
    }));

    this.alarmTopic = createAlarmTopic(this, p.alarmEmail).topic;
    const observability = new ConveyorObservability(this, 'Observability', {
      namespace: p.metricsNamespace,
      serviceName: p.serviceName,
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      producer: this.producer,
      consumer: this.consumer,
      api: this.api,
      alarmTopic: this.alarmTopic,
      endToEndLatencySlo: p.endToEndLatencySlo,
      oldestMessageAgeThreshold: p.oldestMessageAgeThreshold,
      consumerErrorRateThreshold: p.consumerErrorRateThreshold,
      messageFailureRateThreshold: p.messageFailureRateThreshold,
    });
    this.dashboard = observability.dashboard;
    this.alarms = observability.alarms;
  }
}
