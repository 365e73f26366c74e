import { readFileSync } from 'node:fs';
import { QUEUES_OUTPUT, type QueuesOutput, TABLES_OUTPUT } from '../../../contract/index.js';
import { parseQueuesOutput, parseTablesOutput } from '../../../ops/queue-outputs.js';

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
  /** The example orders.place's table (empty when the stack has none). */
  readonly ordersTableName: string;
  /** Every queue, by name (the `Queues` output). */
  readonly queues: QueuesOutput;
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
    ledgerTableName: tableName(outputs, 'ledger', outputsFile),
    ordersTableName: tableName(outputs, 'orders', outputsFile),
    queues: queuesOf(outputs, outputsFile),
    idempotencyTableName: required('IdempotencyTableName'),
    ...(endpoint !== undefined ? { awsEndpoint: endpoint } : {}),
    ...(outputs.RuntimeUrl !== undefined ? { runtimeUrl: outputs.RuntimeUrl } : {}),
  };
}

/** The `Tables` output's table `name`: the example's `ledger` is required, others may be absent (''). */
function tableName(outputs: Record<string, string>, name: string, outputsFile: string): string {
  const parsed = parseTablesOutput(outputs[TABLES_OUTPUT] ?? '');
  if ('reason' in parsed) throw new Error(`${outputsFile}: output ${TABLES_OUTPUT} ${parsed.reason}`);
  const table = parsed.value[name];
  if (table === undefined && name === 'ledger') throw new Error(`${outputsFile}: output ${TABLES_OUTPUT} has no table ${name}`);
  return table ?? '';
}

/** The `Queues` output. */
function queuesOf(outputs: Record<string, string>, outputsFile: string): QueuesOutput {
  const parsed = parseQueuesOutput(outputs[QUEUES_OUTPUT] ?? '');
  if ('reason' in parsed) throw new Error(`${outputsFile}: output ${QUEUES_OUTPUT} ${parsed.reason}`);
  return parsed.value;
}
