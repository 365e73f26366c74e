/**
 * Where the operator tools point: the local runtime (`.conveyor/local.json`), a LocalStack
 * deployment or an AWS deployment (a `cdk deploy --outputs-file` file). One reader for all three,
 * so every `conveyor` command finds the API, its key, the queues and the tables the same way.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { QUEUES_OUTPUT } from '../contract/index.js';
import { missingOutputError, OpsError, outputsFileError } from './errors.js';
import { readStackOutputs } from './outputs-file.js';
import { findProjectRoot } from './project-root.js';
import type { QueueKind } from './queue-kind.js';
import { StackResources, type TargetQueue } from './stack-resources.js';

/** The kinds of deployment the tools can talk to. */
export const TARGET_NAMES = ['local', 'localstack', 'aws'] as const;

/** A kind of deployment: the embedded runtime, LocalStack, or AWS. */
export type TargetName = (typeof TARGET_NAMES)[number];

/** LocalStack's edge endpoint when neither `--endpoint` nor the outputs file name one. */
export const DEFAULT_LOCALSTACK_ENDPOINT = 'http://localhost:4566';

/** Options of {@link resolveTarget}. */
export interface ResolveTargetOptions {
  readonly target: TargetName;
  /** The outputs file for `localstack` and `aws`, relative to `projectDir`. @default 'cdk-outputs.json' */
  readonly outputsFile?: string;
  /**
   * Folder that relative paths (`outputsFile`, `stateDir`) are resolved from.
   * @default the project root above `cwd`: the nearest folder with a package.json (see `project-root.ts`)
   */
  readonly projectDir?: string;
  /** The working directory the project root is searched from. @default process.cwd() */
  readonly cwd?: string;
  /** The local runtime's state folder, holding `local.json`, relative to `projectDir`. @default '.conveyor' */
  readonly stateDir?: string;
  /** The stack whose outputs to use when the file holds several. @default the only one, else 'Conveyor' */
  readonly stack?: string;
  /** AWS region. @default the file's `Region`, else the one in the API or queue URL */
  readonly region?: string;
  /** SQS/DynamoDB/CloudWatch endpoint. @default local: the file's `SqsEndpoint`; localstack: the file's, else http://localhost:4566; aws: the SDK's */
  readonly endpoint?: string;
  /** The API key's value when the file has none (`CONVEYOR_API_KEY`). @default read with API Gateway GetApiKey */
  readonly apiKey?: string;
  /** Whether to check that the local runtime answers `/_conveyor/health`. @default true */
  readonly checkHealth?: boolean;
  /** How long the health check may take, ms. @default 3000 */
  readonly healthTimeoutMs?: number;
  /** Client for reading the API key's value. @default one built for the target */
  readonly apiGateway?: APIGatewayClient;
}

/** Static credentials for the emulators, which accept any. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** A resolved deployment: its outputs, endpoints and the API key (read on first use). */
export class Target {
  /** Which kind of deployment. */
  readonly name: TargetName;
  /** The stack the outputs belong to (the metrics' `service` dimension, the log groups' prefix). */
  readonly stackName: string;
  /** The file the outputs came from, as given (for messages). */
  readonly outputsFile: string;
  /** Every output of the stack, as in the file. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly region: string;
  /** Endpoint for SQS, DynamoDB, CloudWatch; undefined on AWS (the SDK's default). */
  readonly awsEndpoint: string | undefined;
  /** Static credentials for an emulator; undefined on AWS (the SDK's default chain). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly #apiKey: () => Promise<string>;
  #apiKeyValue: Promise<string> | undefined;
  readonly #resources: StackResources;

  /** Use {@link resolveTarget}. */
  constructor(init: {
    name: TargetName; stackName: string; outputsFile: string; outputs: Record<string, string>; region: string;
    awsEndpoint: string | undefined; apiKey: () => Promise<string>;
  }) {
    this.name = init.name;
    this.stackName = init.stackName;
    this.outputsFile = init.outputsFile;
    this.outputs = init.outputs;
    this.region = init.region;
    this.awsEndpoint = init.awsEndpoint;
    this.credentials = init.name === 'aws' ? undefined : EMULATOR_CREDENTIALS;
    this.#apiKey = init.apiKey;
    this.#resources = new StackResources(init.outputs, init.outputsFile);
  }

  /** The output `key`; throws an {@link OpsError} `MISSING_OUTPUT` naming it when the file lacks it. */
  output(key: string, hint?: string): string {
    const value = this.outputs[key];
    if (value === undefined || value === '') throw missingOutputError(key, this.outputsFile, hint);
    return value;
  }

  /** Base URL of the API stage, ending with `/`. */
  get apiUrl(): string {
    return this.output('ApiUrl').replace(/\/?$/, '/');
  }
  /**
   * The queue `name` (its name in `conveyor.config.ts`), or the default queue: the first of the
   * `Queues` output, else the one the single outputs (`QueueUrl`, …) describe, called `default`.
   * @throws OpsError `UNKNOWN_QUEUE` naming the known queues; `OUTPUTS_FILE` when `Queues` is malformed.
   */
  queue(name?: string): TargetQueue {
    return this.#resources.queue(name);
  }
  /** Every queue's name, the default queue first. */
  get queueNames(): readonly string[] {
    return this.#resources.queueNames;
  }
  /** The kind of queue message type `type` goes to (FIFO when any of its queues is); undefined when the outputs do not say. */
  queueKindOfType(type: string): QueueKind | undefined {
    return this.#resources.queueKindOfType(type);
  }
  /** The default queue's URL. */
  get queueUrl(): string {
    return this.queue().queueUrl;
  }
  /** The default queue's dead-letter queue URL. */
  get deadLetterQueueUrl(): string {
    return this.queue().deadLetterQueueUrl;
  }
  /** The example ledger's table: `Tables` → `ledger` (older stacks: the `LedgerTableName` output). */
  get ledgerTableName(): string {
    return this.#resources.ledgerTableName;
  }
  /** The DynamoDB name of the table `name` in `conveyor.config.ts`, from the `Tables` output. */
  tableName(name: string): string {
    return this.#resources.tableName(name);
  }
  get idempotencyTableName(): string {
    return this.output('IdempotencyTableName');
  }
  /** The local runtime's base URL (`/_conveyor/*`); throws on other targets. */
  get runtimeUrl(): string {
    return this.output('RuntimeUrl', 'only the local runtime has /_conveyor endpoints (use --target local)').replace(/\/+$/, '');
  }

  /** The API key's value: the file's `ApiKey`, the given one, or API Gateway's (fetched once). */
  apiKey(): Promise<string> {
    this.#apiKeyValue ??= this.#apiKey();
    return this.#apiKeyValue;
  }
}

/**
 * Resolves a target: reads its outputs file, checks the local runtime is up, and works out the
 * region, endpoint and how to get the API key.
 * @throws OpsError `NOT_RUNNING` (local: no `local.json`, or the runtime does not answer),
 *   `OUTPUTS_FILE` (missing or malformed file), `TARGET` (no region).
 */
export async function resolveTarget(options: ResolveTargetOptions): Promise<Target> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const projectDir = options.projectDir ?? findProjectRoot(cwd);
  const inProject = (path: string) => (isAbsolute(path) ? path : join(projectDir, path));
  // Say where a relative path was looked for when that is not where the command was typed.
  const shown = (path: string) => (isAbsolute(path) || projectDir === cwd ? path : `${path} in ${projectDir}`);

  if (options.target === 'local') {
    const stateDir = options.stateDir ?? '.conveyor';
    const file = join(stateDir, 'local.json');
    const { stackName, outputs } = readStackOutputs(inProject(file), file, options.stack, () =>
      new OpsError('NOT_RUNNING', `Conveyor is not running locally (no ${shown(file)}); start it with \`npm start\``));
    const target: Target = new Target({
      name: 'local',
      stackName,
      outputsFile: file,
      outputs,
      region: outputs.Region ?? options.region ?? 'us-east-1',
      awsEndpoint: options.endpoint ?? outputs.SqsEndpoint,
      apiKey: async (): Promise<string> => outputs.ApiKey ?? options.apiKey ?? target.output('ApiKey'),
    });
    if (options.checkHealth ?? true) await checkHealth(target, options.healthTimeoutMs ?? 3_000);
    return target;
  }

  const file = options.outputsFile ?? 'cdk-outputs.json';
  const { stackName, outputs } = readStackOutputs(inProject(file), file, options.stack, () =>
    outputsFileError(file, `no outputs file ${shown(file)}; deploy with \`npx cdk deploy --outputs-file ${file}\` or name it with --outputs`));
  const awsEndpoint = options.target === 'localstack'
    ? options.endpoint ?? outputs.SqsEndpoint ?? DEFAULT_LOCALSTACK_ENDPOINT
    : options.endpoint;
  const region = options.region ?? outputs.Region ?? regionFromUrls(outputs) ?? (options.target === 'localstack' ? 'us-east-1' : undefined);
  if (region === undefined) throw new OpsError('TARGET', `no AWS region: pass --region or set AWS_REGION (${file} does not say)`);
  const target: Target = new Target({
    name: options.target,
    stackName,
    outputsFile: file,
    outputs,
    region,
    awsEndpoint,
    apiKey: async (): Promise<string> => outputs.ApiKey ?? options.apiKey ?? fetchApiKey(target, options.apiGateway),
  });
  return target;
}

/** Reads the API key's value with API Gateway `GetApiKey` (`includeValue`). */
async function fetchApiKey(target: Target, client?: APIGatewayClient): Promise<string> {
  const id = target.output('ApiKeyId', 'or set CONVEYOR_API_KEY to the key\'s value');
  // Loaded only when a key must be fetched: most commands never need this client.
  const { APIGatewayClient, GetApiKeyCommand } = await import('@aws-sdk/client-api-gateway');
  const apiGateway = client ?? new APIGatewayClient({
    region: target.region,
    ...(target.awsEndpoint === undefined ? {} : { endpoint: target.awsEndpoint }),
    ...(target.credentials === undefined ? {} : { credentials: target.credentials }),
  });
  try {
    const { value } = await apiGateway.send(new GetApiKeyCommand({ apiKey: id, includeValue: true }));
    if (value === undefined || value === '') throw new Error('the answer has no value');
    return value;
  } catch (error) {
    throw new OpsError(
      'TARGET',
      `could not read the value of API key ${id} (${(error as Error).name}: ${(error as Error).message}); `
      + 'check your AWS credentials and region, or set CONVEYOR_API_KEY',
      { cause: error },
    );
  } finally {
    if (client === undefined) apiGateway.destroy();
  }
}

async function checkHealth(target: Target, timeoutMs: number): Promise<void> {
  const url = `${target.runtimeUrl}/_conveyor/health`;
  let reason: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    if (response.ok) return;
    reason = `it answered ${response.status}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    reason = cause?.code ?? (error as Error).message;
  }
  throw new OpsError(
    'NOT_RUNNING',
    `Conveyor is not running locally: ${target.outputsFile} names ${target.runtimeUrl}, but ${url} does not answer (${reason}); start it with \`npm start\``,
  );
}

/** The region in an `execute-api.<region>.` or `sqs.<region>.` URL of the outputs (the `Queues` JSON's included), if any. */
function regionFromUrls(outputs: Record<string, string>): string | undefined {
  for (const key of ['ApiUrl', 'QueueUrl', 'DeadLetterQueueUrl', QUEUES_OUTPUT]) {
    const match = /(?:execute-api|sqs)\.([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(outputs[key] ?? '');
    if (match) return match[1];
  }
  return undefined;
}
