import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createAwsProxy } from '../aws-proxy/aws-proxy.js';
import type { RequestCounters } from '../aws-proxy/request-counters.js';
import { startEmbeddedEmulators, type EmbeddedEmulators } from '../emulators/embedded.js';
import { provisionStack } from '../emulators/provision.js';
import { FaultStore } from '../faults/fault-store.js';
import { listenOn } from '../listen.js';
import { emulatorDataDir, resetEmulatorData, type ResetReport, transactionJournalPath } from '../state/emulator-data.js';
import type { StackSpec } from '../template/specs.js';
import type { ModelEnvironment, SpecPhase } from './spec.js';
import { acquire, deferQuietly, type PhaseParts } from './teardown.js';

/** Where a running runtime keeps its queues and tables. */
export interface RuntimeState {
  /** The emulators' data folder; undefined when in memory or on an external endpoint. */
  readonly dataDir?: string;
  /** True when the embedded emulators keep nothing on disk (`inMemory`). */
  readonly inMemory: boolean;
  /** What `reset` deleted before the start. */
  readonly reset?: ResetReport;
}

/** The second phase: the AWS endpoint and the stack's queues and tables on it. Disposing it closes the endpoint and stops the emulators. */
export interface InfrastructurePhase extends AsyncDisposable {
  /** The AWS endpoint (the proxy) for SQS and DynamoDB clients. */
  readonly awsEndpoint: string;
  /** The stack model at the start, with the queues' URLs as the endpoint created them. */
  readonly stack: StackSpec;
  /** The queues' URLs at the start, by logical id. */
  readonly queueUrls: ReadonlyMap<string, string>;
  /** The fault rules the proxy and the function hosts apply. */
  readonly faults: FaultStore;
  /** The proxy's request counters, by caller. */
  readonly requests: RequestCounters;
  /** The embedded emulators; undefined on an external endpoint. */
  readonly emulators: EmbeddedEmulators | undefined;
  readonly state: RuntimeState;
  /** An SQS client on the AWS endpoint whose calls count as `caller`'s (request counters, fault rules); the caller destroys it. */
  sqsClientFor(caller: string): SQSClient;
  /**
   * Creates the queues and tables of a (new) model of the stack on the endpoint, as at the start:
   * what exists is kept with its messages and items (a kept queue takes the model's attributes), what
   * is new is created, nothing is deleted. Resolves to the model with the queues' URLs.
   * @throws EmulatorError when a queue or table cannot be created or updated
   */
  provision(model: (env: ModelEnvironment) => StackSpec): Promise<{ stack: StackSpec; queueUrls: ReadonlyMap<string, string> }>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Starts the embedded emulators (or uses `endpoint`) behind the AWS proxy and creates the stack's
 * queues and tables there, keeping them under `<stateDir>/data` unless in memory.
 */
export async function startInfrastructure(spec: SpecPhase): Promise<InfrastructurePhase> {
  const { options, artifact } = spec;
  return acquire(async (teardown): Promise<PhaseParts<InfrastructurePhase>> => {
    const reset = options.reset ? resetEmulatorData(options.stateDir) : undefined;
    const embedded = options.endpoint === undefined;
    const dataDir = embedded && !options.inMemory ? emulatorDataDir(options.stateDir) : undefined;
    const emulators = embedded ? await startEmbeddedEmulators(dataDir === undefined ? {} : { dataDir }) : undefined;
    if (emulators) deferQuietly(teardown, () => emulators.stop());

    const faults = new FaultStore();
    const proxy = await listenOn(options.awsPort, '--aws-port', () => createAwsProxy({
      upstream: { sqs: options.endpoint ?? emulators!.sqsUrl, dynamodb: options.endpoint ?? emulators!.dynamodbUrl },
      faults,
      port: options.awsPort,
      // dynalite has no transactions; an external endpoint (LocalStack) has its own.
      emulateTransactions: embedded,
      // Transactions begun but not finished when the last run died are rolled back before anything is served.
      ...(dataDir === undefined ? {} : { transactionJournal: transactionJournalPath(dataDir) }),
    }));
    deferQuietly(teardown, () => proxy.close());

    const client = { region: artifact.region ?? 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: proxy.url };
    const sqs = new SQSClient({ ...client, useQueueUrlAsEndpoint: false });
    const dynamodb = new DynamoDBClient(client);
    deferQuietly(teardown, () => { sqs.destroy(); dynamodb.destroy(); });
    const provision = async (model: (env: ModelEnvironment) => StackSpec) => {
      // The draft's model checks the functionCode overrides before anything is provisioned.
      const draft = model({ sqsEndpoint: proxy.url });
      const { queueUrls } = await provisionStack(draft, { sqs, dynamodb }, embedded ? { queueUrlOrigin: proxy.url } : {});
      return { stack: model({ sqsEndpoint: proxy.url, queueUrls }), queueUrls };
    };
    const { stack, queueUrls } = await provision(spec.model);

    return {
      awsEndpoint: proxy.url,
      stack,
      queueUrls,
      faults,
      requests: proxy.counters,
      emulators,
      state: { ...(dataDir === undefined ? {} : { dataDir }), inMemory: embedded && options.inMemory, ...(reset ? { reset } : {}) },
      sqsClientFor: (caller) => new SQSClient({ ...client, endpoint: `${proxy.url}/_caller/${caller}`, useQueueUrlAsEndpoint: false }),
      provision,
    };
  });
}
