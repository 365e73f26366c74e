import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildRestApis } from './api-model.js';
import type { StackArtifact, TemplateResource } from './cloud-assembly.js';
import { UnsupportedTemplateError } from '../errors.js';
import { resolveIntrinsics, resolveString } from './intrinsics.js';
import { type LocalEnvironment, PhysicalNames, shortName } from './physical-names.js';
import type { FunctionSpec, QueueSpec, SqsEventSourceSpec, StackSpec, TableSpec } from './specs.js';

/** Options for {@link buildStackSpec}. */
export type StackModelOptions = Partial<LocalEnvironment> & Pick<LocalEnvironment, 'sqsEndpoint'> & {
  /** The value to give an API key the template leaves to CloudFormation. */
  readonly apiKeyValue: (logicalId: string) => string;
};

/** Queue attributes CreateQueue takes, by the template property that sets them. */
const QUEUE_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: 'VisibilityTimeout',
  MessageRetentionPeriod: 'MessageRetentionPeriod',
  MaximumMessageSize: 'MaximumMessageSize',
  DelaySeconds: 'DelaySeconds',
  ReceiveMessageWaitTimeSeconds: 'ReceiveMessageWaitTimeSeconds',
  FifoQueue: 'FifoQueue',
  ContentBasedDeduplication: 'ContentBasedDeduplication',
  DeduplicationScope: 'DeduplicationScope',
  FifoThroughputLimit: 'FifoThroughputLimit',
  SqsManagedSseEnabled: 'SqsManagedSseEnabled',
  KmsMasterKeyId: 'KmsMasterKeyId',
  KmsDataKeyReusePeriodSeconds: 'KmsDataKeyReusePeriodSeconds',
};

/** Turns one synthesized stack into the specs the runtime runs, every intrinsic resolved to a local value. */
export function buildStackSpec(artifact: StackArtifact, options: StackModelOptions): StackSpec {
  const names = new PhysicalNames(artifact, options);
  const resources = artifact.template.Resources;
  const of = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const resolve = (value: unknown) => resolveIntrinsics(value, names);

  const queues = of('AWS::SQS::Queue').map(([id, resource]) => queueSpec(id, resource));
  const tables = of('AWS::DynamoDB::Table').map(([id, resource]) => tableSpec(id, resource));
  const functions = of('AWS::Lambda::Function').map(([id, resource]) => functionSpec(id, resource));
  const eventSources = of('AWS::Lambda::EventSourceMapping').flatMap(([id, resource]) => eventSource(id, resource));
  const outputs = Object.fromEntries(Object.entries(artifact.template.Outputs ?? {})
    .map(([key, output]) => [key, resolveString(output.Value, names, `output ${key}`)]));

  return {
    stackName: artifact.stackName,
    region: names.region,
    accountId: names.accountId,
    queues,
    tables,
    functions,
    eventSources,
    apis: buildRestApis(resources, names, options.apiKeyValue),
    outputs,
  };

  function queueSpec(logicalId: string, resource: TemplateResource): QueueSpec {
    const props = (resolve(resource.Properties ?? {}) ?? {}) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    for (const [property, attribute] of Object.entries(QUEUE_ATTRIBUTES)) {
      if (props[property] !== undefined) attributes[attribute] = String(props[property]);
    }
    if (props.RedrivePolicy !== undefined) attributes.RedrivePolicy = JSON.stringify(props.RedrivePolicy);
    if (props.RedriveAllowPolicy !== undefined) attributes.RedriveAllowPolicy = JSON.stringify(props.RedriveAllowPolicy);
    return {
      logicalId,
      queueName: names.queueName(logicalId),
      attributes,
      fifo: attributes.FifoQueue === 'true',
      arn: names.getAtt(logicalId, 'Arn'),
    };
  }

  function tableSpec(logicalId: string, resource: TemplateResource): TableSpec {
    const props = (resolve(resource.Properties ?? {}) ?? {}) as Record<string, unknown>;
    const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    return {
      logicalId,
      tableName: names.tableName(logicalId),
      keySchema: props.KeySchema as TableSpec['keySchema'],
      attributeDefinitions: props.AttributeDefinitions as TableSpec['attributeDefinitions'],
      billingMode: props.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      ...(Array.isArray(props.GlobalSecondaryIndexes) ? { globalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
      ...(Array.isArray(props.LocalSecondaryIndexes) ? { localSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
      ...(ttl?.Enabled === true && ttl.AttributeName !== undefined ? { timeToLiveAttribute: ttl.AttributeName } : {}),
      arn: names.getAtt(logicalId, 'Arn'),
    };
  }

  function functionSpec(logicalId: string, resource: TemplateResource): FunctionSpec {
    const props = resource.Properties ?? {};
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') {
      throw new UnsupportedTemplateError(`function ${logicalId} has no bundled asset (Metadata aws:asset:path); only asset-based functions run locally`);
    }
    const assetDir = join(artifact.assemblyDir, assetPath);
    if (!existsSync(assetDir)) throw new UnsupportedTemplateError(`the asset of function ${logicalId} is missing: ${assetDir}; run 'npx cdk synth' again`);
    const variables = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables) ?? {};
    const environment = Object.fromEntries(Object.entries(variables)
      .map(([key, value]) => [key, resolveString(value, names, `environment variable ${key} of ${logicalId}`)]));
    const logGroup = (props.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup;
    const functionName = names.functionName(logicalId);
    return {
      logicalId,
      name: shortName(logicalId, resource),
      functionName,
      arn: names.getAtt(logicalId, 'Arn'),
      assetDir,
      handler: String(props.Handler ?? 'index.handler'),
      runtime: String(props.Runtime ?? 'nodejs'),
      timeoutSeconds: Number(props.Timeout ?? 3),
      memoryMb: Number(props.MemorySize ?? 128),
      environment,
      ...(props.ReservedConcurrentExecutions !== undefined ? { reservedConcurrency: Number(props.ReservedConcurrentExecutions) } : {}),
      logGroupName: logGroup === undefined ? `/aws/lambda/${functionName}` : resolveString(logGroup, names, `log group of ${logicalId}`),
    };
  }

  function eventSource(logicalId: string, resource: TemplateResource): SqsEventSourceSpec[] {
    const props = resource.Properties ?? {};
    const sourceArn = resolve(props.EventSourceArn);
    const queue = queues.find((candidate) => candidate.arn === sourceArn);
    if (queue === undefined) return [];
    const functionRef = (props.FunctionName as { Ref?: string } | undefined)?.Ref
      ?? functions.find((fn) => fn.functionName === resolve(props.FunctionName) || fn.arn === resolve(props.FunctionName))?.logicalId;
    if (functionRef === undefined || !functions.some((fn) => fn.logicalId === functionRef)) {
      throw new UnsupportedTemplateError(`event source mapping ${logicalId} targets a function outside the stack`);
    }
    const scaling = props.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    const responseTypes = (props.FunctionResponseTypes ?? []) as string[];
    return [{
      logicalId,
      queue,
      functionLogicalId: functionRef,
      batchSize: Number(props.BatchSize ?? 10),
      maximumBatchingWindowSeconds: Number(props.MaximumBatchingWindowInSeconds ?? 0),
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      ...(scaling?.MaximumConcurrency !== undefined ? { maximumConcurrency: Number(scaling.MaximumConcurrency) } : {}),
      enabled: props.Enabled !== false && props.Enabled !== 'false',
    }];
  }
}
