import { describe, expect, it } from 'vitest';
import { parseQueuesOutput, parseTablesOutput } from '../../ops/queue-outputs.js';
import { queueOutput } from './stack-outputs.js';

describe('parseQueuesOutput', () => {
  it('reads every queue in order, with the fields of the contract', () => {
    const queues = { orders: queueOutput('orders', { fifo: true, types: ['orders.place'] }), ledger: queueOutput('ledger') };

    const parsed = parseQueuesOutput(JSON.stringify(queues));

    expect(parsed).toEqual({ value: queues });
    expect(Object.keys((parsed as { value: object }).value)).toEqual(['orders', 'ledger']);
  });

  it('leaves out fields it does not know, so a newer stack\'s outputs still read', () => {
    const parsed = parseQueuesOutput(JSON.stringify({ ledger: { ...queueOutput('ledger'), alarmTopicArn: 'arn:aws:sns:eu-west-1:1:t' } }));

    expect(parsed).toEqual({ value: { ledger: queueOutput('ledger') } });
  });

  it.each([
    ['not JSON', '{ledger', /not JSON/],
    ['an array', '[]', /not a JSON object of queue name/],
    ['an empty object', '{}', /names none/],
    ['an empty name', JSON.stringify({ '': queueOutput('x') }), /a name is empty/],
    ['a queue that is not an object', JSON.stringify({ ledger: 'https://sqs/q' }), /queue "ledger" is not an object/],
    ['a queue without queueUrl', JSON.stringify({ ledger: { ...queueOutput('ledger'), queueUrl: undefined } }), /queue "ledger" has no queueUrl/],
    ['an empty deadLetterQueueUrl', JSON.stringify({ ledger: queueOutput('ledger', { deadLetterQueueUrl: '' }) }), /queue "ledger" has no deadLetterQueueUrl/],
    ['no consumerLogGroupName', JSON.stringify({ ledger: { ...queueOutput('ledger'), consumerLogGroupName: 7 } }), /queue "ledger" has no consumerLogGroupName/],
    ['fifo as a string', JSON.stringify({ ledger: { ...queueOutput('ledger'), fifo: 'false' } }), /queue "ledger" has no fifo/],
    ['types that are not strings', JSON.stringify({ ledger: { ...queueOutput('ledger'), types: [1] } }), /queue "ledger" has no types/],
  ])('says why it cannot use %s', (_, text, reason) => {
    const parsed = parseQueuesOutput(text);

    expect(parsed).toEqual({ reason: expect.stringMatching(reason) });
  });
});

describe('parseTablesOutput', () => {
  it('reads table name → DynamoDB table name', () => {
    expect(parseTablesOutput('{"ledger":"Conveyor-Ledger-1","orders":"Conveyor-Orders-1"}')).toEqual({ value: { ledger: 'Conveyor-Ledger-1', orders: 'Conveyor-Orders-1' } });
  });

  it.each([
    ['not JSON', 'ledger', /not JSON/],
    ['an empty object', '{}', /names none/],
    ['a name that is not a string', '{"ledger":{"tableName":"t"}}', /table "ledger" is not a DynamoDB table name/],
    ['an empty table name', '{"ledger":""}', /table "ledger" is not a DynamoDB table name/],
  ])('says why it cannot use %s', (_, text, reason) => {
    expect(parseTablesOutput(text)).toEqual({ reason: expect.stringMatching(reason) });
  });
});
