import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConveyorConfig } from '../../../infra/config/index.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';
import { PROP_SPECS } from '../../../infra/constructs/prop-specs.js';
import { testApp } from '../app-factories.js';
import { configProject, configSource } from './config-project.js';

/** The template `createApp` synthesizes with the settings of the `conveyor.config.ts` in `projectDir`. */
async function templateWithConfigIn(projectDir: string): Promise<Template> {
  return Template.fromStack(testApp({}, await loadConveyorConfig(projectDir)).stack);
}

describe('conveyor.config.ts in the template', () => {
  it('leaves the template as the construct\'s defaults make it when the file declares one queue at its defaults, the example type\'s own route aside', async () => {
    const loaded = await loadConveyorConfig(configProject(configSource({ queues: { ledger: {} } })));
    const oneQueue = Template.fromStack(testApp({}, loaded).stack);

    expect(oneQueue.toJSON()).toEqual(Template.fromStack(testApp({}, { typeModels: loaded.typeModels ?? {} }).stack).toJSON());
  });

  it('synthesizes the shipped file\'s two queues, each with its DLQ, consumer and event source, and its tables', async () => {
    const shipped = await templateWithConfigIn(REPO_ROOT);

    shipped.resourceCountIs('AWS::SQS::Queue', 4);
    shipped.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    shipped.resourceCountIs('AWS::DynamoDB::Table', 3);
    shipped.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, RedrivePolicy: { maxReceiveCount: PROP_SPECS.maxReceiveCount.default } });
  });

  it('puts a queue setting of the file in the template', async () => {
    const batchSize = PROP_SPECS.batchSize.default - 1;

    const template = await templateWithConfigIn(configProject(configSource({ queues: { ledger: { batchSize } } })));

    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: batchSize });
  });

  it('puts a stack setting of the file in the template', async () => {
    const apiBurstLimit = PROP_SPECS.apiBurstLimit.default + 1;

    const template = await templateWithConfigIn(configProject(configSource({ stack: { apiBurstLimit }, queues: { ledger: {} } })));

    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { BurstLimit: apiBurstLimit } });
  });
});
