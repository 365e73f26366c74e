import { describe, expect, it } from 'vitest';
import { localOutputs } from '../../local/runtime-outputs.js';
import type { StackSpec } from '../../local/template/specs.js';

const stack = (outputs: Record<string, string>): StackSpec => ({
  stackName: 'Conveyor', region: 'eu-west-1', accountId: '000000000000', queues: [], tables: [], functions: [], eventSources: [], apis: [], outputs,
});

describe('localOutputs', () => {
  it('points the API invoke URL and the dashboard link at the runtime and adds the local keys', () => {
    const outputs = localOutputs(stack({
      ApiUrl: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/',
      DashboardUrl: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=X',
      QueueUrl: 'http://127.0.0.1:3001/000000000000/q',
    }), { runtimeUrl: 'http://127.0.0.1:3000', apiId: 'abc123defg', apiKey: 'key', awsEndpoint: 'http://127.0.0.1:3001' });

    expect(outputs).toEqual({
      ApiUrl: 'http://127.0.0.1:3000/prod/',
      DashboardUrl: 'http://127.0.0.1:3000/_conveyor/',
      QueueUrl: 'http://127.0.0.1:3001/000000000000/q',
      ApiKey: 'key',
      SqsEndpoint: 'http://127.0.0.1:3001',
      DynamoDbEndpoint: 'http://127.0.0.1:3001',
      Region: 'eu-west-1',
      RuntimeUrl: 'http://127.0.0.1:3000',
    });
  });

  it('leaves another API’s URL alone', () => {
    const outputs = localOutputs(stack({ Other: 'https://zzzzzzzzzz.execute-api.eu-west-1.amazonaws.com/prod/' }),
      { runtimeUrl: 'http://127.0.0.1:3000', apiId: 'abc123defg', apiKey: '', awsEndpoint: 'http://x' });

    expect(outputs.Other).toBe('https://zzzzzzzzzz.execute-api.eu-west-1.amazonaws.com/prod/');
  });
});
