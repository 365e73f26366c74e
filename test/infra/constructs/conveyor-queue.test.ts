import { beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_ENVIRONMENT, DEFAULT_METRICS_NAMESPACE } from '../../../contract/index.js';
import { ConveyorQueue } from '../../../infra/constructs/conveyor-queue.js';
import { customProps, logicalIdOf, partOf, propertiesOf, synthConveyor, testStack, type SynthesizedConveyor } from '../factories.js';

describe('ConveyorQueue', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  let fifo: SynthesizedConveyor;
  const env = (s: SynthesizedConveyor, fn: 'producer' | 'consumer') =>
    (propertiesOf(s, s.conveyor[fn]).Environment as { Variables: Record<string, unknown> }).Variables;
  const ref = (s: SynthesizedConveyor, which: 'queue' | 'deadLetterQueue' | 'idempotencyTable' | 'ledgerTable') => ({
    Ref: logicalIdOf(s, partOf(s.conveyor, which)),
  });
  const arn = (s: SynthesizedConveyor, which: 'queue' | 'deadLetterQueue' | 'idempotencyTable' | 'ledgerTable') => ({
    'Fn::GetAtt': [logicalIdOf(s, partOf(s.conveyor, which)), 'Arn'],
  });
  const policy = (s: SynthesizedConveyor, fn: 'producer' | 'consumer' | 'status') => {
    const roleId = logicalIdOf(s, s.conveyor[fn].role!);
    const policies = Object.values(s.template.findResources('AWS::IAM::Policy')).filter(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    expect(policies).toHaveLength(1);
    return policies[0]!.Properties.PolicyDocument.Statement as unknown[];
  };
  /** A JSON variable as the template writes it (an Fn::Join around the resources' references). */
  const json = (s: SynthesizedConveyor, value: unknown) => s.stack.resolve(s.stack.toJsonString(value));
  const eventSource = (s: SynthesizedConveyor) =>
    Object.values(s.template.findResources('AWS::Lambda::EventSourceMapping'))[0]!.Properties as Record<string, unknown>;

  beforeAll(() => {
    defaults = synthConveyor({}, { stackName: 'Orders' });
    custom = synthConveyor(customProps());
    fifo = synthConveyor({ fifo: true });
  });

  it('exposes its parts', () => {
    const c = defaults.conveyor;

    for (const part of [c.queue, c.deadLetterQueue, c.producer, c.consumer, c.status, c.idempotencyTable, c.tables.ledger, c.api, c.apiKey, c.dashboard, c.alarmTopic]) {
      expect(part).toBeDefined();
    }
    expect(Object.keys(c.alarms).sort()).toEqual(['consumerErrorRate', 'deadLetterQueueNotEmpty', 'endToEndLatency', 'messageFailureRate', 'oldestMessageAge']);
  });

  it('works with no props at all', () => {
    expect(new ConveyorQueue(testStack(), 'Conveyor').settings.maxReceiveCount).toBe(5);
  });

  describe('producer environment', () => {
    it('has exactly the documented variables, with defaults', () => {
      expect(env(defaults, 'producer')).toEqual({
        MESSAGE_ROUTES: json(defaults, { 'ledger.credit': [{ queue: 'ledger', queueUrl: defaults.conveyor.queue.queueUrl, fifo: false }] }),
        MAX_MESSAGE_BYTES: '262144',
        POWERTOOLS_SERVICE_NAME: 'Orders',
        POWERTOOLS_METRICS_NAMESPACE: 'Conveyor',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    });

    it('maxMessageBytes sets MAX_MESSAGE_BYTES', () => {
      expect(env(custom, 'producer').MAX_MESSAGE_BYTES).toBe('1048576');
    });

    it('fifo routes the types of the queue as FIFO', () => {
      expect(env(fifo, 'producer').MESSAGE_ROUTES).toEqual(json(fifo, { 'ledger.credit': [{ queue: 'ledger', queueUrl: fifo.conveyor.queue.queueUrl, fifo: true }] }));
    });

    it('serviceName and metricsNamespace set the Powertools variables', () => {
      expect(env(custom, 'producer')).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'orders', POWERTOOLS_METRICS_NAMESPACE: 'Acme/Conveyor' });
    });
  });

  describe('consumer environment', () => {
    it('has exactly the contract\'s variables, each optional one at its default', () => {
      const defaultsOf = Object.fromEntries(Object.values(CONSUMER_ENVIRONMENT).flatMap((setting) => (setting.kind === 'string' ? [] : [[setting.name, String(setting.default)]])));
      expect(env(defaults, 'consumer')).toEqual({
        QUEUE_NAME: 'ledger',
        QUEUE_URL: ref(defaults, 'queue'),
        DEAD_LETTER_QUEUE_URL: ref(defaults, 'deadLetterQueue'),
        IDEMPOTENCY_TABLE_NAME: ref(defaults, 'idempotencyTable'),
        MESSAGE_TABLES: json(defaults, { ledger: { tableName: defaults.conveyor.tables.ledger!.tableName, partitionKey: 'account' } }),
        ...defaultsOf,
        POWERTOOLS_SERVICE_NAME: 'Orders',
        POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    });

    it('the retry props set the retry schedule\'s variables', () => {
      expect(env(custom, 'consumer')).toMatchObject({ RETRY_BASE_SECONDS: '2', RETRY_MAX_DELAY_SECONDS: '120', RETRY_BUDGET_SECONDS: '3600' });
    });

    it('maxReceiveCount sets MAX_RECEIVE_COUNT', () => {
      expect(env(custom, 'consumer').MAX_RECEIVE_COUNT).toBe('3');
    });

    it('idempotencyTtl sets IDEMPOTENCY_TTL_SECONDS', () => {
      expect(env(custom, 'consumer').IDEMPOTENCY_TTL_SECONDS).toBe(String(3 * 24 * 3600));
    });

    it('fifo sets QUEUE_FIFO', () => {
      expect(env(fifo, 'consumer').QUEUE_FIFO).toBe('true');
    });

    it('serviceName and metricsNamespace set the Powertools variables', () => {
      expect(env(custom, 'consumer')).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'orders', POWERTOOLS_METRICS_NAMESPACE: 'Acme/Conveyor' });
    });
  });

  describe('least privilege', () => {
    it('lets the producer write its logs and send to the main queue, nothing else', () => {
      expect(policy(defaults, 'producer')).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        { Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Effect: 'Allow', Resource: arn(defaults, 'queue') },
      ]);
    });

    it('lets the consumer consume the queue, send its retries to it and its failures to the DLQ, and use the tables, nothing else', () => {
      expect(policy(defaults, 'consumer')).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        {
          Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
          Effect: 'Allow',
          Resource: arn(defaults, 'queue'),
        },
        { Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Effect: 'Allow', Resource: arn(defaults, 'deadLetterQueue') },
        {
          Action: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Effect: 'Allow',
          Resource: arn(defaults, 'idempotencyTable'),
        },
        {
          Action: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Effect: 'Allow',
          Resource: arn(defaults, 'ledgerTable'),
        },
      ]);
    });

    it('lets the status function write its logs and read the idempotency records and the effect tables\' items (an insert-kind record), nothing else', () => {
      expect(policy(defaults, 'status')).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
        { Action: 'dynamodb:BatchGetItem', Effect: 'Allow', Resource: [arn(defaults, 'idempotencyTable'), arn(defaults, 'ledgerTable')] },
      ]);
    });

    it('tells the status function where else records are: each fan-out type\'s queues and every effect table', () => {
      const env = (propertiesOf(defaults, defaults.conveyor.status).Environment as { Variables: Record<string, unknown> }).Variables;

      expect(env.RECORD_PLACES).toEqual(json(defaults, { fanOutQueues: [], tables: [{ tableName: defaults.conveyor.tables.ledger!.tableName, partitionKey: 'account' }] }));
    });

    it('creates no other identity policy', () => {
      defaults.template.resourceCountIs('AWS::IAM::Policy', 3);
    });
  });

  describe('event source', () => {
    it('defaults to batches of 10, no batching window, no concurrency limit, partial batch responses', () => {
      expect(eventSource(defaults)).toEqual({
        EventSourceArn: arn(defaults, 'queue'),
        FunctionName: { Ref: logicalIdOf(defaults, defaults.conveyor.consumer) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('batchSize sets BatchSize', () => {
      expect(eventSource(custom).BatchSize).toBe(100);
    });

    it('maxBatchingWindow sets MaximumBatchingWindowInSeconds', () => {
      expect(eventSource(custom).MaximumBatchingWindowInSeconds).toBe(5);
    });

    it('maxConcurrency sets ScalingConfig.MaximumConcurrency', () => {
      expect(eventSource(custom).ScalingConfig).toEqual({ MaximumConcurrency: 20 });
    });

    it('polls on demand unless minimumPollers or maximumPollers is set; either turns provisioned mode on, the other at AWS\'s default', () => {
      expect(eventSource(defaults).ProvisionedPollerConfig).toBeUndefined();
      expect(eventSource(synthConveyor({ minimumPollers: 5 })).ProvisionedPollerConfig).toEqual({ MinimumPollers: 5, MaximumPollers: 200 });
      expect(eventSource(synthConveyor({ minimumPollers: 3, maximumPollers: 40 })).ProvisionedPollerConfig).toEqual({ MinimumPollers: 3, MaximumPollers: 40 });
    });
  });
});
