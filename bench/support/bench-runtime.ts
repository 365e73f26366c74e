import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';

/** The runtime's request counters (`/_conveyor/requests`), as its AWS endpoint defines them. */
export type { RequestCount, RequestCountersSnapshot as RequestSnapshot } from '../../local/aws-proxy/request-counters.js';
import type { RequestCountersSnapshot as RequestSnapshot } from '../../local/aws-proxy/request-counters.js';
import { TABLES_OUTPUT } from '../../contract/index.js';
import { parseTablesOutput } from '../../ops/queue-outputs.js';

/** A function's counters from `/_conveyor/health`. */
export interface FunctionStats {
  readonly invocations: number;
  readonly coldStarts: number;
  readonly billedMs: number;
  readonly memoryMb: number;
  readonly busy: number;
  readonly queued: number;
}

/**
 * Context every benchmark stack gets: API limits that never throttle the load generator, 8
 * concurrent consumer batches, and a 10 s consumer timeout (the smallest visibility timeout it allows, 60 s, is lowered on the queue by the consumer benchmark), so a
 * message retried by either consumer comes back within the run.
 */
export const BENCH_CONTEXT = ['apiRateLimit=10000', 'apiBurstLimit=5000', 'maxConcurrency=8', 'consumerTimeoutSeconds=10', 'visibilityTimeoutSeconds=60'];

/** Options of {@link startBenchRuntime}. */
export interface BenchRuntimeOptions {
  /** Folder to run instead of the Consumer's bundle (a reference build). @default Conveyor's consumer */
  readonly consumerCode?: string;
  /**
   * Keep queues and tables in memory only (`npm start -- --in-memory`). By default the runtime keeps
   * them on disk under `<state folder>/data`, as `npm start` does, emptied at start (`--reset`). @default false
   */
  readonly inMemory?: boolean;
  /** More `-c key=value` context, after {@link BENCH_CONTEXT}. @default [] */
  readonly context?: readonly string[];
  /** The CLI that starts the runtime, for a project outside this repository's root (`examples/payments`). @default `cli/conveyor.ts` of the project */
  readonly cli?: string;
}

/**
 * The embedded runtime in its own process (as `npm start` runs it) plus the clients a benchmark
 * needs: the API, SQS and DynamoDB on the local endpoint, and the runtime's counters.
 */
export class BenchRuntime {
  readonly outputs: Readonly<Record<string, string>>;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;

  constructor(private readonly process: RuntimeProcess) {
    this.outputs = Object.values(JSON.parse(readFileSync(process.outputsFile, 'utf8')) as Record<string, Record<string, string>>)[0] ?? {};
    const config = { region: this.outputs.Region ?? 'us-east-1', endpoint: this.outputs.SqsEndpoint ?? '', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
    this.sqs = new SQSClient({ ...config, useQueueUrlAsEndpoint: false });
    this.dynamodb = new DynamoDBClient(config);
  }

  private get runtimeUrl(): string {
    return this.outputs.RuntimeUrl ?? '';
  }

  /** POSTs `body` to the API route `path` (`messages` or `messages/batch`) and returns the status. */
  async post(path: string, body: unknown): Promise<number> {
    const response = await fetch(`${this.outputs.ApiUrl ?? ''}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': this.outputs.ApiKey ?? '' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Puts up to 10 raw bodies on the queue with one SendMessageBatch (as the producer would). */
  async enqueue(bodies: readonly string[]): Promise<void> {
    const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({
      QueueUrl: this.outputs.QueueUrl ?? '',
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }));
    if (Failed.length > 0) throw new Error(`SendMessageBatch failed for ${Failed.length} entries: ${Failed[0]?.Message ?? ''}`);
  }

  /** Messages on the queue: visible + in flight + delayed. */
  async queued(): Promise<number> {
    const { Attributes = {} } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.outputs.QueueUrl ?? '', AttributeNames: ['All'] }));
    return (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const).reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
  }

  /** The physical name of the declared table `name` (the `Tables` output). */
  tableName(name: string): string {
    const parsed = parseTablesOutput(this.outputs[TABLES_OUTPUT] ?? '');
    const table = 'reason' in parsed ? undefined : parsed.value[name];
    if (table === undefined) throw new Error(`the runtime's outputs have no table ${name} in ${TABLES_OUTPUT}`);
    return table;
  }

  /** The example ledger table (the `Tables` output's `ledger`). */
  private ledgerTableName(): string {
    return this.tableName('ledger');
  }

  /** Items of table `name` whose string attribute `attribute` starts with `prefix` (a paginated counting scan). */
  async countItems(name: string, attribute: string, prefix: string): Promise<number> {
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.dynamodb.send(new ScanCommand({
        TableName: this.tableName(name),
        Select: 'COUNT',
        FilterExpression: 'begins_with(#attribute, :prefix)',
        ExpressionAttributeNames: { '#attribute': attribute },
        ExpressionAttributeValues: { ':prefix': { S: prefix } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return count;
  }

  /** Credits applied to the ledger so far (sum over accounts whose id starts with `prefix`). */
  async ledgerCredits(prefix: string): Promise<number> {
    let credits = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.dynamodb.send(new ScanCommand({ TableName: this.ledgerTableName(), ...(start ? { ExclusiveStartKey: start } : {}) }));
      for (const item of page.Items ?? []) if ((item.account?.S ?? '').startsWith(prefix)) credits += Number(item.credits?.N ?? 0);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return credits;
  }

  /** `/_conveyor/metrics?window=…` */
  async metrics(windowSeconds = 3600): Promise<{ metrics: { name: string; namespace: string; p50: number; p90: number; p99: number; sampleCount: number }[]; totals: { name: string; namespace: string; sum: number }[] }> {
    return await (await fetch(`${this.runtimeUrl}/_conveyor/metrics?window=${windowSeconds}`)).json() as never;
  }

  /** Sum of a Conveyor metric's totals since the start. */
  async metricTotal(name: string): Promise<number> {
    return (await this.metrics()).totals.filter((metric) => metric.name === name).reduce((sum, metric) => sum + metric.sum, 0);
  }

  /** AWS requests the runtime's endpoint counted since the last {@link resetRequests}. */
  async requests(): Promise<RequestSnapshot> {
    return await (await fetch(`${this.runtimeUrl}/_conveyor/requests`)).json() as RequestSnapshot;
  }

  async resetRequests(): Promise<void> {
    await fetch(`${this.runtimeUrl}/_conveyor/requests`, { method: 'DELETE' });
  }

  /** Each function's counters. */
  async functions(): Promise<Record<string, FunctionStats>> {
    return (await (await fetch(`${this.runtimeUrl}/_conveyor/health`)).json() as { functions: Record<string, FunctionStats> }).functions;
  }

  async stop(): Promise<void> {
    this.sqs.destroy();
    this.dynamodb.destroy();
    await this.process.stop();
  }
}

/**
 * Starts a runtime for a benchmark with its own state folder under `.conveyor/bench/<name>`, from
 * empty queues and tables, kept on disk there (the default) or in memory (`inMemory`). Every bench
 * runtime shares one cloud assembly, `.conveyor/bench/cdk.out`.
 */
export async function startBenchRuntime(projectDir: string, name: string, options: BenchRuntimeOptions = {}): Promise<BenchRuntime> {
  const stateDir = join(projectDir, '.conveyor', 'bench', name);
  const context = [...BENCH_CONTEXT, ...(options.context ?? [])].flatMap((pair) => ['-c', pair]);
  const code = options.consumerCode === undefined ? [] : ['--function-code', `Consumer=${options.consumerCode}`];
  const storage = options.inMemory === true ? ['--in-memory'] : [];
  // One cloud assembly for every bench runtime: the context is the same, so it is synthesized once.
  const process = await startRuntimeProcess(projectDir, stateDir, ['--output', join(projectDir, '.conveyor', 'bench', 'cdk.out'), '--idle-timeout', '0', ...storage, ...context, ...code], { reset: true, ...(options.cli === undefined ? {} : { cli: options.cli }) });
  return new BenchRuntime(process);
}
