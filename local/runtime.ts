import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createAdminRoutes } from './admin/admin-routes.js';
import { createQueueStats, fauxqsOldestMessage, type QueueFigures } from './admin/queue-stats.js';
import { stackQueues } from './admin/stack-queues.js';
import { createRestApiGateway, type RestApiGateway } from './api/rest-api-gateway.js';
import { createAwsProxy } from './aws-proxy/aws-proxy.js';
import { startEmbeddedEmulators, type EmbeddedEmulators } from './emulators/embedded.js';
import { provisionStack } from './emulators/provision.js';
import { SqsEventSource } from './esm/sqs-event-source.js';
import { FaultStore } from './faults/fault-store.js';
import { FunctionHost } from './lambda/function-host.js';
import { createFunctionLogRouter } from './logs/function-log-router.js';
import { MetricsAggregator } from './metrics/metrics-aggregator.js';
import { parseEmf } from './metrics/emf.js';
import { type RuntimeOptions, resolveRuntimeOptions } from './options.js';
import { localOutputs } from './runtime-outputs.js';
import { apiKeyValues } from './state/api-key-values.js';
import { emulatorDataDir, resetEmulatorData, type ResetReport, transactionJournalPath } from './state/emulator-data.js';
import { acquireInstanceLock, type InstanceLock } from './state/instance-lock.js';
import { writeOutputsFile } from './state/outputs-file.js';
import { ensureSynthesized, type SynthResult } from './synth/synth-cache.js';
import { readStackArtifact } from './template/cloud-assembly.js';
import type { RestApiSpec, StackSpec } from './template/specs.js';
import { withFunctionCode } from './template/function-code.js';
import { buildStackSpec } from './template/stack-model.js';
import { listenOn } from './listen.js';

/** Events a running runtime emits (for dashboards and tests). */
export interface RuntimeEvents {
  /** A function finished an invocation. */
  invocation: [functionName: string, report: unknown];
  /** An event source mapping settled a batch. */
  batch: [eventSource: string, report: unknown];
  /** The API answered a request. */
  request: [entry: unknown];
  /** A function wrote a line (EMF metric lines included), as the function log router receives it. */
  log: [functionName: string, line: string, stream: 'stdout' | 'stderr'];
}

/** A running local runtime. */
export interface LocalRuntime {
  /** Base URL of the REST API stage (ends with `/`), as the `ApiUrl` output. */
  readonly apiUrl: string;
  /** Where the API and the runtime's own endpoints listen: `http://127.0.0.1:3000`. */
  readonly runtimeUrl: string;
  /** The AWS endpoint for SQS and DynamoDB clients. */
  readonly awsEndpoint: string;
  /** Value of the API key. */
  readonly apiKey: string;
  readonly stack: StackSpec;
  /** The stack's outputs with the local additions (what `local.json` holds under the stack name). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Path of the outputs file. */
  readonly outputsFile: string;
  readonly faults: FaultStore;
  readonly metrics: MetricsAggregator;
  readonly synth: SynthResult | undefined;
  /** Where the queues and tables are kept, and what `reset` deleted. */
  readonly state: RuntimeState;
  /** Every queue's depth now (visible, in flight, delayed), from GetQueueAttributes. */
  queueFigures(): Promise<QueueFigures[]>;
  /** Milliseconds from start to ready. */
  readonly startupMs: number;
  readonly events: EventEmitter<RuntimeEvents>;
  /**
   * Stops everything; in-flight invocations get `graceMs` to finish, then are abandoned. Resolves to
   * the queues' depths once the work has settled (what is left, and kept unless in memory).
   * @default graceMs 2000
   */
  stop(options?: { graceMs?: number }): Promise<QueueFigures[]>;
}

/** Where a running runtime keeps its queues and tables. */
export interface RuntimeState {
  /** The emulators' data folder; undefined when in memory or on an external endpoint. */
  readonly dataDir?: string;
  /** True when the embedded emulators keep nothing on disk (`inMemory`). */
  readonly inMemory: boolean;
  /** What `reset` deleted before the start. */
  readonly reset?: ResetReport;
}

/** Serves only the runtime's own endpoints when the stack has no REST API. */
const NO_API: RestApiSpec = { logicalId: 'None', id: 'none', stageName: 'none', routes: [], gatewayResponses: [], apiKeys: [], usagePlans: [] };

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Starts Conveyor locally from the synthesized cloud assembly: synthesizes when sources changed,
 * starts the emulators (or uses `endpoint`), creates the queues and tables, hosts the functions in
 * worker threads, runs the SQS event source mappings, serves the REST API, and writes `local.json`.
 */
export async function startLocalRuntime(input: RuntimeOptions = {}): Promise<LocalRuntime> {
  const started = performance.now();
  const options = resolveRuntimeOptions(input);
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
  };
  let lock: InstanceLock | undefined;
  try {
    lock = acquireInstanceLock(options.stateDir);
    cleanups.push(() => lock?.release());

    const synth = options.synth === false
      ? undefined
      : await ensureSynthesized({ projectDir: options.projectDir, outputDir: options.outputDir, context: options.context, force: options.synth === 'force', onProgress: options.log });
    const artifact = readStackArtifact(options.outputDir, options.stack);

    const reset = options.reset ? resetEmulatorData(options.stateDir) : undefined;
    const embedded = options.endpoint === undefined;
    const dataDir = embedded && !options.inMemory ? emulatorDataDir(options.stateDir) : undefined;
    let emulators: EmbeddedEmulators | undefined;
    if (embedded) {
      emulators = await startEmbeddedEmulators(dataDir === undefined ? {} : { dataDir });
      cleanups.push(() => emulators?.stop());
    }
    const faults = new FaultStore();
    const proxy = await listenOn(options.awsPort, '--aws-port', () => createAwsProxy({
      upstream: { sqs: options.endpoint ?? emulators!.sqsUrl, dynamodb: options.endpoint ?? emulators!.dynamodbUrl },
      faults,
      port: options.awsPort,
      // dynalite has no transactions; an external endpoint (LocalStack) has its own.
      emulateTransactions: options.endpoint === undefined,
      // Transactions begun but not finished when the last run died are rolled back before anything is served.
      ...(dataDir === undefined ? {} : { transactionJournal: transactionJournalPath(dataDir) }),
    }));
    cleanups.push(() => proxy.close());

    const client = { region: artifact.region ?? 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: proxy.url };
    const sqs = new SQSClient({ ...client, useQueueUrlAsEndpoint: false });
    const dynamodb = new DynamoDBClient(client);
    cleanups.push(() => { sqs.destroy(); dynamodb.destroy(); });
    const keyValue = apiKeyValues(options.stateDir);
    // Applying the code overrides to the draft checks them before anything is provisioned.
    const draft = withFunctionCode(buildStackSpec(artifact, { sqsEndpoint: proxy.url, apiKeyValue: keyValue }), options.functionCode);
    const provisioned = await provisionStack(draft, { sqs, dynamodb }, embedded ? { queueUrlOrigin: proxy.url } : {});
    const stack = withFunctionCode(buildStackSpec(artifact, { sqsEndpoint: proxy.url, apiKeyValue: keyValue, queueUrls: provisioned.queueUrls }), options.functionCode);

    const metrics = new MetricsAggregator();
    const events = new EventEmitter<RuntimeEvents>();
    const routeLog = createFunctionLogRouter({
      print: options.log,
      quiet: options.quiet,
      verbose: options.verbose,
      format: options.logFormat,
      metrics: (line, source) => {
        const records = parseEmf(line);
        if (records === undefined) return false;
        metrics.ingest(records, source);
        return true;
      },
    });

    const hosts = new Map(stack.functions.map((fn) => [fn.logicalId, new FunctionHost(fn, {
      region: stack.region,
      extraEnvironment: {
        AWS_ENDPOINT_URL_SQS: `${proxy.url}/_caller/${fn.name}`,
        AWS_ENDPOINT_URL_DYNAMODB: `${proxy.url}/_caller/${fn.name}`,
      },
      maxInstances: options.maxInstances,
      idleTimeoutSeconds: options.idleInstanceSeconds,
      faults,
      onLog: (line, stream) => {
        routeLog(fn.name, line, stream);
        events.emit('log', fn.name, line, stream);
      },
      onInvocation: (report) => {
        events.emit('invocation', fn.name, report);
        if (options.verbose) options.log(`[${fn.name}] REPORT ${JSON.stringify(report)}`);
      },
    })]));
    cleanups.push(async () => {
      await Promise.all([...hosts.values()].map((host) => host.stop({ graceMs: 0 })));
    });
    const invokerFor = (logicalId: string) => {
      const host = hosts.get(logicalId);
      if (host === undefined) throw new Error(`no function ${logicalId}`);
      return host.invoke;
    };

    const esmSqs = new SQSClient({ ...client, endpoint: `${proxy.url}/_caller/EventSourceMapping`, useQueueUrlAsEndpoint: false });
    cleanups.push(() => esmSqs.destroy());
    const eventSources = stack.eventSources.filter((source) => source.enabled).map((source) => new SqsEventSource(source, {
      sqs: esmSqs,
      queueUrl: provisioned.queueUrls.get(source.queue.logicalId) ?? '',
      invoke: invokerFor(source.functionLogicalId),
      region: stack.region,
      pollers: source.maximumConcurrency ?? options.pollers,
      onBatch: (report) => events.emit('batch', source.logicalId, report),
    }));

    const [api, ...otherApis] = stack.apis;
    if (otherApis.length > 0) options.log(`note: the stack has ${stack.apis.length} REST APIs; only ${api?.logicalId ?? ''} is served`);
    // The dashboard's own SQS calls are named as such in the request counters and fault rules.
    const dashboardSqs = new SQSClient({ ...client, endpoint: `${proxy.url}/_caller/Dashboard`, useQueueUrlAsEndpoint: false });
    cleanups.push(() => dashboardSqs.destroy());
    const { queues: dashboardQueues, deadLetter } = stackQueues(stack, provisioned.queueUrls);
    const queueFigures = createQueueStats({ sqs: dashboardSqs, queues: dashboardQueues });
    const admin = createAdminRoutes({
      dashboard: {
        sqs: dashboardSqs,
        queues: dashboardQueues,
        ...(deadLetter ? { deadLetter } : {}),
        functions: () => Object.fromEntries(stack.functions.map((fn) => [fn.name, hosts.get(fn.logicalId)?.stats])),
        logs: (listener) => {
          const onLog = (functionName: string, line: string) => listener(functionName, line);
          events.on('log', onLog);
          return () => events.off('log', onLog);
        },
        // Only the embedded fauxqs can show a queue's messages without receiving them.
        ...(emulators ? { oldestMessage: fauxqsOldestMessage(emulators.sqsUrl) } : {}),
      },
      faults,
      metrics,
      requests: proxy.counters,
      health: () => ({
        status: 'ok',
        stack: stack.stackName,
        functions: Object.fromEntries(stack.functions.map((fn) => [fn.name, hosts.get(fn.logicalId)?.stats])),
        eventSources: stack.eventSources.map((source) => ({ logicalId: source.logicalId, queue: source.queue.queueName, enabled: source.enabled })),
        emulated: options.endpoint === undefined,
      }),
    });
    const gateway: RestApiGateway = createRestApiGateway({
      api: api ?? NO_API,
      invokerFor,
      region: stack.region,
      accountId: stack.accountId,
      admin,
      onRequest: (entry) => events.emit('request', entry),
    });
    cleanups.push(() => admin.close());
    const listening = await listenOn(options.port, '--port', () => gateway.listen(options.port));
    cleanups.push(() => gateway.close());
    const runtimeUrl = `http://127.0.0.1:${listening.port}`;
    for (const source of eventSources) source.start();
    cleanups.push(async () => { await Promise.all(eventSources.map((source) => source.stop())); });

    const apiKey = api?.apiKeys.find((key) => key.enabled)?.value ?? '';
    const outputs = localOutputs(stack, { runtimeUrl, apiId: api?.id, apiKey, awsEndpoint: proxy.url });
    const outputsFile = join(options.stateDir, 'local.json');
    writeOutputsFile(outputsFile, { [stack.stackName]: outputs });
    lock.update(`${runtimeUrl}/`);

    let stopping: Promise<QueueFigures[]> | undefined;
    return {
      apiUrl: outputs.ApiUrl ?? `${runtimeUrl}/`,
      runtimeUrl,
      awsEndpoint: proxy.url,
      apiKey,
      stack,
      outputs,
      outputsFile,
      faults,
      metrics,
      synth,
      state: { ...(dataDir === undefined ? {} : { dataDir }), inMemory: embedded && options.inMemory, ...(reset ? { reset } : {}) },
      queueFigures,
      startupMs: performance.now() - started,
      events,
      stop(stopOptions = {}) {
        stopping ??= (async () => {
          const graceMs = stopOptions.graceMs ?? 2_000;
          // Stop polling and serving first; the hosts give in-flight invocations `graceMs`, then
          // abandon them (as Lambda does when an environment goes away), which lets the mappings
          // settle those batches. The AWS endpoint and the emulators go last, in `cleanup`.
          const mappingsStopped = Promise.all(eventSources.map((source) => source.stop()));
          // Open event streams would otherwise hold the gateway for the whole grace period.
          admin.close();
          const gatewayClosed = gateway.close(graceMs);
          await Promise.all([...hosts.values()].map((host) => host.stop({ graceMs })));
          await Promise.all([mappingsStopped, gatewayClosed]);
          // What is left once the work has settled, for the stop message.
          const left = await queueFigures().catch(() => []);
          await cleanup();
          return left;
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

