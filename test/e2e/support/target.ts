import { readFileSync } from 'node:fs';

/** Where the black-box suite runs: the embedded runtime (default), a LocalStack deployment, or AWS. */
export type E2eTargetName = 'embedded' | 'localstack' | 'aws';

/** Everything the suite needs to talk to a Conveyor deployment, from its outputs file. */
export interface E2eTarget {
  readonly name: E2eTargetName;
  /** Base URL of the API stage, ends with `/`. */
  readonly apiUrl: string;
  readonly apiKey: string;
  /** The API key's id (`ApiKeyId`): the scope the producer puts in each envelope. */
  readonly apiKeyId?: string;
  readonly region: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly ledgerTableName: string;
  readonly idempotencyTableName: string;
  /** SQS/DynamoDB endpoint; undefined on AWS (the SDK's default). */
  readonly awsEndpoint?: string;
  /** The embedded runtime's own endpoints (`/_conveyor/*`); only for `embedded`. */
  readonly runtimeUrl?: string;
}

/** Reads the target named by `CONVEYOR_E2E_TARGET`. @default embedded */
export function targetName(): E2eTargetName {
  const name = process.env.CONVEYOR_E2E_TARGET ?? 'embedded';
  if (name !== 'embedded' && name !== 'localstack' && name !== 'aws') {
    throw new Error(`CONVEYOR_E2E_TARGET must be embedded, localstack or aws (got '${name}')`);
  }
  return name;
}

/**
 * Reads a `cdk deploy --outputs-file` file (or the runtime's `local.json`, the same shape) and
 * picks the stack's outputs. The API key comes from the file's `ApiKey` (local) or `CONVEYOR_API_KEY`.
 */
export function readTarget(name: E2eTargetName, outputsFile: string): E2eTarget {
  const file = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>;
  const stackName = process.env.CONVEYOR_STACK ?? 'Conveyor';
  const outputs = file[stackName] ?? Object.values(file)[0];
  if (outputs === undefined) throw new Error(`${outputsFile} has no outputs for stack ${stackName}`);
  const required = (key: string): string => {
    const value = outputs[key];
    if (value === undefined || value === '') throw new Error(`${outputsFile} lacks the output ${key}`);
    return value;
  };
  const apiKey = outputs.ApiKey ?? process.env.CONVEYOR_API_KEY;
  if (apiKey === undefined) {
    throw new Error(`no API key: ${outputsFile} has no ApiKey; set CONVEYOR_API_KEY (aws apigateway get-api-key --api-key ${outputs.ApiKeyId ?? '<ApiKeyId>'} --include-value)`);
  }
  const endpoint = outputs.SqsEndpoint ?? process.env.AWS_ENDPOINT_URL;
  return {
    name,
    apiUrl: required('ApiUrl').replace(/\/?$/, '/'),
    apiKey,
    ...(outputs.ApiKeyId !== undefined ? { apiKeyId: outputs.ApiKeyId } : {}),
    region: outputs.Region ?? process.env.AWS_REGION ?? 'us-east-1',
    queueUrl: required('QueueUrl'),
    deadLetterQueueUrl: required('DeadLetterQueueUrl'),
    ledgerTableName: required('LedgerTableName'),
    idempotencyTableName: required('IdempotencyTableName'),
    ...(endpoint !== undefined ? { awsEndpoint: endpoint } : {}),
    ...(outputs.RuntimeUrl !== undefined ? { runtimeUrl: outputs.RuntimeUrl } : {}),
  };
}
