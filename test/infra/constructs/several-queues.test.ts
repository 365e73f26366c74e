import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUES_OUTPUT, TABLES_OUTPUT } from '../../../contract/index.js';
import { logicalIdOf, propertiesOf, synthConveyor, synthConveyorStack, type SynthesizedConveyor } from '../factories.js';

/** The shipped config's two queues, as construct props. */
const TWO_QUEUES = {
  queueName: 'ledger',
  queues: { orders: { fifo: true, batchSize: 5 } },
  tables: { ledger: { partitionKey: 'account' }, orders: { partitionKey: 'orderId' } },
  types: {
    'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
    'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },
  },
};

describe('ConveyorQueue with several queues', () => {
  let two: SynthesizedConveyor;
  let one: SynthesizedConveyor;
  beforeAll(() => {
    two = synthConveyor(TWO_QUEUES);
    one = synthConveyor();
  });

  const arn = (construct: Parameters<typeof logicalIdOf>[1]) => ({ 'Fn::GetAtt': [logicalIdOf(two, construct), 'Arn'] });
  const statements = (roleOf: Parameters<typeof logicalIdOf>[1]) => {
    const roleId = logicalIdOf(two, roleOf);
    return Object.values(two.template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Resource: unknown }>)
      // CDK merges statements with the same actions: one statement may name several resources.
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map((Resource) => ({ Resource })));
  };

  it('gives each queue its own queue, DLQ, consumer and event source, with its own settings', () => {
    const { ledger, orders } = two.conveyor.queues;

    two.template.resourceCountIs('AWS::SQS::Queue', 4);
    two.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    expect(propertiesOf(two, orders!.queue)).toMatchObject({ FifoQueue: true });
    expect(propertiesOf(two, ledger!.queue).FifoQueue).toBeUndefined();
    two.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5, EventSourceArn: arn(orders!.queue) });
    expect(orders!.consumer).not.toBe(ledger!.consumer);
  });

  it('keeps the default queue\'s construct ids, so a one-queue stack keeps its queue and table when it gains another', () => {
    for (const part of ['queue', 'deadLetterQueue', 'consumer'] as const) {
      expect(logicalIdOf(two, two.conveyor[part])).toBe(logicalIdOf(one, one.conveyor[part]));
    }
    expect(logicalIdOf(two, two.conveyor.tables.ledger!)).toBe(logicalIdOf(one, one.conveyor.tables.ledger!));
  });

  it('lets each consumer use its own queues and its types\' tables only; the producer send to every queue', () => {
    const orders = two.conveyor.queues.orders!;
    const resources = statements(orders.consumer.role!).map((statement) => JSON.stringify(statement.Resource));

    expect(resources).toContain(JSON.stringify(arn(orders.queue)));
    expect(resources).toContain(JSON.stringify(arn(two.conveyor.tables.orders!)));
    expect(resources).not.toContain(JSON.stringify(arn(two.conveyor.tables.ledger!)));
    expect(resources).not.toContain(JSON.stringify(arn(two.conveyor.queue)));
    const producer = statements(two.conveyor.producer.role!).map((statement) => JSON.stringify(statement.Resource));
    expect(producer).toEqual(expect.arrayContaining([JSON.stringify(arn(two.conveyor.queue)), JSON.stringify(arn(orders.queue))]));
  });

  it('alarms on each queue\'s DLQ, age and consumer errors, naming the queue', () => {
    const descriptions = Object.values(two.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.AlarmDescription as string);

    expect(descriptions.filter((text) => text.includes('of queue orders'))).toHaveLength(3);
    expect(Object.keys(two.template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(Object.keys(one.template.findResources('AWS::CloudWatch::Alarm')).length + 3);
  });

  it('gives each other queue a dashboard row whose throughput and latency read the metrics of its queue dimension', () => {
    const body = JSON.stringify(Object.values(two.template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);

    expect(body).toContain('Queue orders: throughput (messages per minute)');
    expect(body).toContain('\\"MessagesProcessed\\",\\"service\\",');
    expect(body).toMatch(/\\"queue\\",\\"orders\\"/);
  });

  it('refuses a queue setting out of range, naming the queue', () => {
    expect(() => synthConveyor({ ...TWO_QUEUES, queues: { orders: { fifo: true, batchSize: 11 } } })).toThrow(/ConveyorQueue: queues\.orders\.batchSize must be/);
  });
});

describe('ConveyorStack outputs with several queues', () => {
  it('describe every queue and table as JSON, the default queue first', () => {
    const { stack, template } = synthConveyorStack(TWO_QUEUES);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const { ledger, orders } = stack.conveyor.queues;

    expect(outputs[QUEUES_OUTPUT]!.Value).toEqual(stack.resolve(stack.toJsonString({
      ledger: { queueUrl: ledger!.queue.queueUrl, deadLetterQueueUrl: ledger!.deadLetterQueue.queueUrl, fifo: false, consumerLogGroupName: ledger!.consumerLogGroup.logGroupName, types: ['ledger.credit'] },
      orders: { queueUrl: orders!.queue.queueUrl, deadLetterQueueUrl: orders!.deadLetterQueue.queueUrl, fifo: true, consumerLogGroupName: orders!.consumerLogGroup.logGroupName, types: ['orders.place'] },
    })));
    expect(outputs[TABLES_OUTPUT]!.Value).toEqual(stack.resolve(stack.toJsonString({
      ledger: stack.conveyor.tables.ledger!.tableName,
      orders: stack.conveyor.tables.orders!.tableName,
    })));
  });
});
