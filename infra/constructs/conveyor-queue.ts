import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createAlarmTopic } from './alarm-topic.js';
import { type MessageRoute, POWERTOOLS_ENVIRONMENT, PRODUCER_ENVIRONMENT, type RecordPlaces, STATUS_ENVIRONMENT } from '../../contract/index.js';
import { bindTable, settingVariable } from './bindings.js';
import {
  type ConveyorQueueProps,
  type ResolvedConveyorQueueProps,
  rejectUnknownProps,
  resolveConveyorQueueProps,
} from './conveyor-queue-props.js';
import { consumerEntry, producerEntry } from './entries.js';
import { FUNCTION_ENTRIES, REPO_ROOT, createConveyorFunction } from './functions.js';
import { createIngestApi } from './ingest-api.js';
import { type ConveyorAlarms, ConveyorObservability } from './observability.js';
import { createQueueUnit, type QueueUnit } from './queue-unit.js';
import { createTables } from './tables.js';
import { type ConveyorTopologyProps, pascal, resolveTopology, type TableDeclaration, type Topology } from './topology.js';
import { validateConveyorQueueProps } from './validate-props.js';

/** Producer (and status) function timeout: well under API Gateway's 29-second integration limit. */
export const PRODUCER_TIMEOUT = Duration.seconds(10);

/** Log level of every function (`POWERTOOLS_LOG_LEVEL`). */
export const FUNCTION_LOG_LEVEL = 'INFO';

/** Props of `ConveyorQueue`: the settings (the stack's, and the default queue's) and the queues, tables and types. */
export type ConveyorProps = ConveyorQueueProps & ConveyorTopologyProps;

/**
 * Conveyor: a self-hosted message queue. `POST /messages` (API key) → producer
 * → SQS → consumer (idempotent via DynamoDB) → ledger table; failures retry,
 * then land in the dead-letter queue; a dashboard and alarms watch it all.
 *
 * @example
 * new ConveyorQueue(stack, 'Conveyor', { fifo: true, maxReceiveCount: 3 });
 */
export class ConveyorQueue extends Construct {
  /** The default queue (the first one). */
  public readonly queue: sqs.Queue;
  /** The default queue's dead-letter queue (14-day retention). */
  public readonly deadLetterQueue: sqs.Queue;
  /** API → SQS function. */
  public readonly producer: nodejs.NodejsFunction;
  /** The default queue's consumer: SQS → its types' handlers. */
  public readonly consumer: nodejs.NodejsFunction;
  /** Every queue, by name, the default one first: its queue, DLQ and consumer. */
  public readonly queues: Readonly<Record<string, QueueUnit>>;
  /** `GET /messages/{id}` function: reads a message's idempotency record. */
  public readonly status: nodejs.NodejsFunction;
  /** Idempotency records, one per idempotency key, expiring after `idempotencyTtl`. */
  public readonly idempotencyTable: dynamodb.Table;
  /** The effect tables the types declare, by name. */
  public readonly tables: Readonly<Record<string, dynamodb.Table>>;
  /** REST API, stage `prod`. */
  public readonly api: apigw.RestApi;
  /** The API key clients send as `x-api-key`. */
  public readonly apiKey: apigw.IApiKey;
  /** CloudWatch dashboard. */
  public readonly dashboard: cw.Dashboard;
  /** SNS topic every alarm notifies. */
  public readonly alarmTopic: sns.Topic;
  /** The default queue's alarms and the stack's, by purpose. */
  public readonly alarms: ConveyorAlarms;
  /** Props with every default applied, as deployed (the default queue's). */
  public readonly settings: ResolvedConveyorQueueProps;
  /** The queues, tables and types, validated. */
  public readonly topology: Topology;

  /**
   * @param scope parent construct
   * @param id construct id
   * @param props optional settings, see `ConveyorQueueProps`, and the queues, tables and types, see `ConveyorTopologyProps`
   * @throws ConveyorConstructError `UNKNOWN_PROP` for an unknown prop, `INVALID_PROP` for one out of range or inconsistent
   */
  public constructor(scope: Construct, id: string, props: ConveyorProps = {}) {
    super(scope, id);
    const { queueName, queues, tables, types, projectDir, typeModels, ...settings } = props;
    rejectUnknownProps(settings);
    const p = resolveConveyorQueueProps(this, settings);
    validateConveyorQueueProps(p);
    this.settings = p;
    const topology = resolveTopology({ queueName, queues, tables, types, projectDir }, REPO_ROOT);
    this.topology = topology;

    ({ idempotencyTable: this.idempotencyTable, tables: this.tables } = createTables(this, { removalPolicy: p.removalPolicy, tables: topology.tables }));

    const powertools = {
      [POWERTOOLS_ENVIRONMENT.serviceName]: p.serviceName,
      [POWERTOOLS_ENVIRONMENT.metricsNamespace]: p.metricsNamespace,
      [POWERTOOLS_ENVIRONMENT.logLevel]: FUNCTION_LOG_LEVEL,
    };

    const units: Record<string, QueueUnit> = {};
    for (const [index, name] of topology.queueNames.entries()) {
      const queueSettings = index === 0 ? p : resolveConveyorQueueProps(this, { ...settings, ...topology.queueSettings[name] });
      if (index > 0) validateConveyorQueueProps(queueSettings, `queues.${name}.`);
      const typesOf = topology.typesOf[name] ?? [];
      units[name] = createQueueUnit(this, {
        name,
        prefix: index === 0 ? '' : pascal(name),
        settings: queueSettings,
        entry: consumerEntry(REPO_ROOT, name, Object.fromEntries(typesOf.map((type) => [type, topology.modules[type] as string]))),
        types: typesOf,
        tables: Object.fromEntries((topology.tablesOf[name] ?? []).map((table) => [
          table,
          { table: this.tables[table] as dynamodb.Table, partitionKey: (topology.tables[table] as TableDeclaration).partitionKey },
        ])),
        idempotencyTable: this.idempotencyTable,
        powertools,
      });
    }
    this.queues = units;
    const first = units[topology.queueNames[0] as string] as QueueUnit;
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue, consumer: this.consumer } = first);

    const routes: Record<string, MessageRoute[]> = {};
    for (const [type, declaration] of Object.entries(topology.types)) {
      routes[type] = declaration.queues.map((queue) => {
        const unit = units[queue] as QueueUnit;
        return { queue: unit.name, queueUrl: unit.queue.queueUrl, fifo: unit.settings.fifo };
      });
    }
    this.producer = createConveyorFunction(this, 'Producer', {
      entry: producerEntry(REPO_ROOT, topology.modules),
      description: 'Conveyor producer: validates API requests and sends them to SQS',
      memorySize: p.producerMemorySize,
      timeout: PRODUCER_TIMEOUT,
      logRetention: p.logRetention,
      environment: {
        ...powertools,
        [PRODUCER_ENVIRONMENT.routes.name]: Stack.of(this).toJsonString(routes),
        ...settingVariable(PRODUCER_ENVIRONMENT.maxMessageBytes, p.maxMessageBytes),
      },
    }).fn;
    for (const unit of Object.values(units)) unit.queue.grantSendMessages(this.producer);

    this.status = createConveyorFunction(this, 'Status', {
      entry: FUNCTION_ENTRIES.status,
      description: 'Conveyor status: answers GET /messages/{id} from the message\'s records',
      memorySize: p.producerMemorySize,
      timeout: PRODUCER_TIMEOUT,
      logRetention: p.logRetention,
      environment: {
        [POWERTOOLS_ENVIRONMENT.serviceName]: p.serviceName,
        [POWERTOOLS_ENVIRONMENT.logLevel]: FUNCTION_LOG_LEVEL,
        [STATUS_ENVIRONMENT.places.name]: Stack.of(this).toJsonString(recordPlaces(topology, this.tables)),
      },
    }).fn;
    // One BatchGetItem reads a message's records: its idempotency record(s), and the item an
    // insert-kind type keeps as its record, in whichever effect table it is.
    bindTable(this.status, STATUS_ENVIRONMENT.idempotencyTableName, this.idempotencyTable, 'dynamodb:BatchGetItem');
    for (const table of Object.values(this.tables)) table.grant(this.status, 'dynamodb:BatchGetItem');

    ({ api: this.api, apiKey: this.apiKey } = createIngestApi(this, {
      producer: this.producer,
      status: this.status,
      typeRoutes: Object.entries(typeModels ?? {}).filter(([type]) => Object.hasOwn(topology.types, type)).map(([type, payloadModel]) => ({
        type,
        payloadModel,
        fifo: (topology.types[type] as { queues: readonly string[] }).queues.some((queue) => (units[queue] as QueueUnit).settings.fifo === true),
      })),
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
      otherQueues: Object.values(units).slice(1),
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

/** Where the status function looks for a message's records: each fan-out type's queues, and every effect table. */
function recordPlaces(topology: Topology, tables: Readonly<Record<string, dynamodb.Table>>): RecordPlaces {
  const sets = Object.values(topology.types).filter((type) => type.queues.length > 1).map((type) => [...type.queues].sort());
  const fanOutQueues = [...new Map(sets.map((set) => [set.join(','), set])).values()];
  return {
    fanOutQueues,
    tables: Object.entries(tables).map(([name, table]) => ({ tableName: table.tableName, partitionKey: (topology.tables[name] as TableDeclaration).partitionKey })),
  };
}
