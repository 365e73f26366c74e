import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { bindQueueConsumer, bindQueueSender, bindTable, numberEnv } from '../../../infra/constructs/bindings.js';
import { numberToken, testStack } from '../factories.js';

interface Fixture {
  readonly stack: Stack;
  readonly fn: lambda.Function;
  readonly queue: sqs.Queue;
  readonly table: dynamodb.Table;
}

function fixture(): Fixture {
  const stack = testStack();
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => {};'),
  });
  const queue = new sqs.Queue(stack, 'Queue');
  const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return { stack, fn, queue, table };
}

const ref = (f: Fixture, construct: sqs.Queue | dynamodb.Table) => ({ Ref: f.stack.getLogicalId(construct.node.defaultChild as never) });
const arn = (f: Fixture, construct: sqs.Queue | dynamodb.Table) => ({
  'Fn::GetAtt': [f.stack.getLogicalId(construct.node.defaultChild as never), 'Arn'],
});
const statements = (f: Fixture) =>
  (Object.values(Template.fromStack(f.stack).findResources('AWS::IAM::Policy'))[0]?.Properties.PolicyDocument.Statement ?? []) as unknown[];

describe('bindQueueSender', () => {
  it('grants SendMessage on the queue and sets the URL variable', () => {
    const f = fixture();

    bindQueueSender(f.fn, { kind: 'string', name: 'QUEUE_URL' }, f.queue);

    Template.fromStack(f.stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { QUEUE_URL: ref(f, f.queue) } } });
    expect(statements(f)).toContainEqual({
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      Effect: 'Allow',
      Resource: arn(f, f.queue),
    });
  });
});

describe('bindQueueConsumer', () => {
  it('adds the event source, grants consumption and sets the URL variable', () => {
    const f = fixture();

    bindQueueConsumer(f.fn, { kind: 'string', name: 'QUEUE_URL' }, f.queue, { batchSize: 7, reportBatchItemFailures: true });

    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arn(f, f.queue),
      BatchSize: 7,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { QUEUE_URL: ref(f, f.queue) } } });
    expect(statements(f)).toContainEqual({
      Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Effect: 'Allow',
      Resource: arn(f, f.queue),
    });
  });
});

describe('bindTable', () => {
  it('grants exactly the given actions and sets the table name variable', () => {
    const f = fixture();

    bindTable(f.fn, { kind: 'string', name: 'TABLE_NAME' }, f.table, 'dynamodb:UpdateItem');

    Template.fromStack(f.stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { TABLE_NAME: ref(f, f.table) } } });
    expect(statements(f)).toEqual([{ Action: 'dynamodb:UpdateItem', Effect: 'Allow', Resource: arn(f, f.table) }]);
  });

  it('grants several actions in one statement', () => {
    const f = fixture();

    bindTable(f.fn, { kind: 'string', name: 'TABLE_NAME' }, f.table, 'dynamodb:GetItem', 'dynamodb:PutItem');

    expect(statements(f)).toEqual([
      { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: arn(f, f.table) },
    ]);
  });
});

describe('numberEnv', () => {
  it('renders a plain number as its decimal string', () => {
    expect(numberEnv(262_144)).toBe('262144');
  });

  it('keeps an unresolved number as a string token', () => {
    const stack = testStack();
    const value = numberEnv(numberToken(stack));

    expect(Token.isUnresolved(value)).toBe(true);
    expect(stack.resolve(value)).toEqual({ Ref: 'Param' });
  });
});
