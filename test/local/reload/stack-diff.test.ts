import { describe, expect, it } from 'vitest';
import { describeBlockers, describeChanges, summarizeChanges } from '../../../local/reload/change-summary.js';
import { diffStacks, isEmptyDiff } from '../../../local/reload/stack-diff.js';
import type { Template } from '../../../local/template/cloud-assembly.js';
import { readStackArtifact } from '../../../local/template/cloud-assembly.js';
import type { StackSpec } from '../../../local/template/specs.js';
import { buildStackSpec } from '../../../local/template/stack-model.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';
import { rewriteAssembly } from './assembly-files.js';

type Resources = Template['Resources'];

/** One assembly folder for every model, as `cdk synth` reuses `cdk.out`: the same asset is the same folder. */
const assembly = writeAssembly(miniTemplate());

/** The model of `template` as the runtime builds it, from the shared assembly folder. */
function stackOf(template: Template): StackSpec {
  rewriteAssembly(assembly, template);
  return buildStackSpec(readStackArtifact(assembly), { sqsEndpoint: 'http://127.0.0.1:4566', apiKeyValue: () => 'k'.repeat(40) });
}

/** The mini stack with `change` applied to a copy of its resources (and `outputs` when given). */
function changed(change: (resources: Resources) => void, outputs?: Template['Outputs']): Template {
  const template = structuredClone(miniTemplate(outputs ? { outputs } : {}));
  change(template.Resources);
  return template;
}

const props = (resources: Resources, id: string) => resources[id]!.Properties as Record<string, unknown>;

/** A queue, its DLQ, its consumer and their mapping, as the Conveyor construct makes them for a new queue. */
function paymentsQueue(resources: Resources): void {
  resources.PaymentsDlq = { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } };
  resources.PaymentsQueue = { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['PaymentsDlq', 'Arn'] }, maxReceiveCount: 3 } } };
  resources.PaymentsFn = {
    Type: 'AWS::Lambda::Function',
    Metadata: { 'aws:cdk:path': 'Mini/Mini/PaymentsConsumer/Resource', 'aws:asset:path': 'asset.payments' },
    Properties: { Handler: 'index.handler', Runtime: 'nodejs24.x', Environment: { Variables: { QUEUE_URL: { Ref: 'PaymentsQueue' } } } },
  };
  resources.PaymentsMapping = {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: { EventSourceArn: { 'Fn::GetAtt': ['PaymentsQueue', 'Arn'] }, FunctionName: { Ref: 'PaymentsFn' }, BatchSize: 10 },
  };
}

/** The `Queues` and `Tables` outputs of the config's names, as the construct writes them. */
function namedOutputs(queues: Record<string, { queue: string; dlq: string; types: string[] }>, tables: Record<string, string>): Template['Outputs'] {
  const parts: unknown[] = ['{'];
  Object.entries(queues).forEach(([name, queue], index) => {
    parts.push(`${index > 0 ? ',' : ''}"${name}":{"queueUrl":"`, { Ref: queue.queue }, '","deadLetterQueueUrl":"', { Ref: queue.dlq },
      `","fifo":false,"consumerLogGroupName":"/aws/lambda/x","types":${JSON.stringify(queue.types)}}`);
  });
  parts.push('}');
  const tableParts: unknown[] = ['{'];
  Object.entries(tables).forEach(([name, id], index) => tableParts.push(`${index > 0 ? ',' : ''}"${name}":"`, { Ref: id }, '"'));
  tableParts.push('}');
  return { Queues: { Value: { 'Fn::Join': ['', parts] } }, Tables: { Value: { 'Fn::Join': ['', tableParts] } } };
}

describe('diffStacks', () => {
  it('finds nothing between two models of the same template', () => {
    const diff = diffStacks(stackOf(miniTemplate()), stackOf(miniTemplate()));

    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('tells a new bundle (code) from a changed setting of the same function', () => {
    const before = stackOf(miniTemplate());

    const code = diffStacks(before, stackOf(changed((r) => { r.Fn!.Metadata!['aws:asset:path'] = 'asset.worker2'; })));
    const settings = diffStacks(before, stackOf(changed((r) => { props(r, 'Fn').Timeout = 9; })));

    expect([code.code, code.functions.changed]).toEqual([['Fn'], []]);
    expect([settings.code, settings.functions.changed]).toEqual([[], ['Fn']]);
  });

  it('lists a new queue, its DLQ, consumer and mapping as added, and nothing as blocked', () => {
    const diff = diffStacks(stackOf(miniTemplate()), stackOf(changed(paymentsQueue)));

    expect(diff).toMatchObject({
      queues: { added: ['PaymentsDlq', 'PaymentsQueue'], removed: [], changed: [] },
      functions: { added: ['PaymentsFn'], removed: [], changed: [] },
      eventSources: { added: ['PaymentsMapping'], removed: [], changed: [] },
      blockers: [],
    });
  });

  it('sees a changed mapping, a changed queue attribute and a changed API', () => {
    const diff = diffStacks(stackOf(miniTemplate()), stackOf(changed((r) => {
      props(r, 'Mapping').BatchSize = 1;
      props(r, 'Queue').VisibilityTimeout = 60;
      props(r, 'ApiItems').PathPart = 'things';
    })));

    expect([diff.eventSources.changed, diff.queues.changed, diff.api]).toEqual([['Mapping'], ['Queue'], true]);
  });

  it('blocks a queue that changes between standard and FIFO', () => {
    const diff = diffStacks(stackOf(miniTemplate()), stackOf(changed((r) => { props(r, 'Queue').FifoQueue = true; })));

    expect(diff.blockers).toEqual([{ kind: 'queue-kind', logicalId: 'Queue', from: 'standard', to: 'FIFO' }]);
  });

  it('blocks a table whose key changes', () => {
    const diff = diffStacks(stackOf(miniTemplate()), stackOf(changed((r) => {
      props(r, 'Table').KeySchema = [{ AttributeName: 'pk', KeyType: 'HASH' }];
      props(r, 'Table').AttributeDefinitions = [{ AttributeName: 'pk', AttributeType: 'S' }];
    })));

    expect(diff.blockers).toEqual([{ kind: 'table-key', logicalId: 'Table', from: 'id', to: 'pk' }]);
  });

  it('blocks another stack name', () => {
    const before = stackOf(miniTemplate());
    const after = { ...before, stackName: 'Other' };

    expect(diffStacks(before, after).blockers).toEqual([{ kind: 'stack', from: '000000000000/us-east-1/Mini', to: '000000000000/us-east-1/Other' }]);
  });

  it('lists removed resources as removed, not as blockers', () => {
    const diff = diffStacks(stackOf(changed(paymentsQueue)), stackOf(miniTemplate()));

    expect(diff).toMatchObject({ queues: { removed: ['PaymentsDlq', 'PaymentsQueue'] }, functions: { removed: ['PaymentsFn'] }, eventSources: { removed: ['PaymentsMapping'] }, blockers: [] });
  });
});

describe('describeChanges and summarizeChanges', () => {
  const ledgerOnly = namedOutputs({ ledger: { queue: 'Queue', dlq: 'Dlq', types: ['ledger.credit'] } }, { ledger: 'Table' });
  const withPayments = namedOutputs(
    { ledger: { queue: 'Queue', dlq: 'Dlq', types: ['ledger.credit'] }, payments: { queue: 'PaymentsQueue', dlq: 'PaymentsDlq', types: ['payments.charge'] } },
    { ledger: 'Table', payments: 'PaymentsTable' },
  );

  const paymentsTable = (r: Resources) => {
    paymentsQueue(r);
    r.PaymentsTable = { Type: 'AWS::DynamoDB::Table', Properties: { ...props(r, 'Table'), TimeToLiveSpecification: undefined } };
  };

  it('names a new queue by its config name with its types, the new type and table, and the code that changed', () => {
    const before = stackOf(changed(() => undefined, ledgerOnly));
    const after = stackOf(changed((r) => {
      paymentsTable(r);
      r.Fn!.Metadata!['aws:asset:path'] = 'asset.worker2';
    }, withPayments));

    const changes = describeChanges(before, after, diffStacks(before, after));

    expect(changes).toMatchObject({
      code: ['Worker'],
      queuesAdded: [{ name: 'payments', types: ['payments.charge'] }],
      typesAdded: ['payments.charge'],
      tablesAdded: ['payments'],
      functionsAdded: ['PaymentsConsumer'],
      eventSources: [],
    });
    expect(summarizeChanges(changes)).toBe('code of Worker; new queue payments (payments.charge); new type payments.charge; new table payments; new function PaymentsConsumer');
  });

  it('says what was removed, and that the removed queue and table are kept', () => {
    const before = stackOf(changed(paymentsTable, withPayments));
    const after = stackOf(changed(() => undefined, ledgerOnly));

    expect(summarizeChanges(describeChanges(before, after, diffStacks(before, after))))
      .toBe('removed type payments.charge; removed function PaymentsConsumer; removed queue payments (kept in the emulator with its messages, no longer read); removed table payments (kept with its items)');
  });

  it('names a changed mapping by its function and queue, the settings of a queue, the API, and says when nothing changed', () => {
    const before = stackOf(miniTemplate());
    const after = stackOf(changed((r) => {
      props(r, 'Mapping').BatchSize = 1;
      props(r, 'Queue').VisibilityTimeout = 60;
      props(r, 'ApiItems').PathPart = 'things';
    }));

    expect(summarizeChanges(describeChanges(before, after, diffStacks(before, after))))
      .toBe('settings of queue Mini-Queue; event source Worker ← Mini-Queue; API rebuilt');
    expect(summarizeChanges(describeChanges(before, before, diffStacks(before, before)))).toBe('no change to the stack');
  });
});

describe('describeBlockers', () => {
  const outputs = namedOutputs({ ledger: { queue: 'Queue', dlq: 'Dlq', types: ['ledger.credit'] } }, { ledger: 'Table' });

  it('names the queue as the config does, once for the queue and its DLQ, and says what to do', () => {
    const before = stackOf(changed(() => undefined, outputs));
    const after = stackOf(changed((r) => {
      props(r, 'Queue').FifoQueue = true;
      props(r, 'Dlq').FifoQueue = true;
    }, outputs));

    expect(describeBlockers(before, after, diffStacks(before, after).blockers)).toEqual([
      'queue ledger (and its DLQ) changes from standard to FIFO: SQS cannot change that on a queue, and a new one would leave the old '
        + "one's messages behind; restart with --reset (its messages are deleted) or undo the change",
    ]);
  });

  it('names a table whose key changes by its config name', () => {
    const before = stackOf(changed(() => undefined, outputs));
    const after = stackOf(changed((r) => {
      props(r, 'Table').KeySchema = [{ AttributeName: 'pk', KeyType: 'HASH' }];
      props(r, 'Table').AttributeDefinitions = [{ AttributeName: 'pk', AttributeType: 'S' }];
    }, outputs));

    expect(describeBlockers(before, after, diffStacks(before, after).blockers)).toEqual([
      'table ledger changes its key or indexes (id → pk): DynamoDB cannot change that on a table; restart with --reset (its items are deleted) or undo the change',
    ]);
  });
});
