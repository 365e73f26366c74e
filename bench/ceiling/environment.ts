/**
 * The ceiling's emulators: fauxqs and dynalite started in this process exactly as the local runtime
 * starts them (`startEmbeddedEmulators`), on disk in a fresh temporary folder (as `npm start` keeps
 * them, the default) or in memory (`npm start -- --in-memory`), the runtime's AWS proxy in front of
 * them, a fresh queue and fresh tables per run, and a count of the requests that reach the emulators.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AwsProxy, createAwsProxy } from '../../local/aws-proxy/index.js';
import { type EmbeddedEmulators, startEmbeddedEmulators } from '../../local/emulators/embedded.js';
import { BenchError } from '../errors.js';
import { CLIENT_BASE } from './clients.js';
import type { CeilingStorage, CeilingVia } from './options.js';
import { OperationCounter } from './stats.js';

/** The queue and tables of one run, and the endpoints to reach them by. */
export interface RunResources {
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Partition key `id` (S), on-demand. */
  readonly idempotencyTable: string;
  /** Partition key `account` (S), on-demand. */
  readonly ledgerTable: string;
  /** Deletes the queue and the tables. */
  dispose(): Promise<void>;
}

/** Options of {@link startCeilingEnvironment}. */
export interface CeilingEnvironmentOptions {
  /**
   * `'disk'`: the emulators keep their data in a fresh temporary folder (fauxqs' SQLite, dynalite's
   * LevelDB), removed by `stop()`; `'memory'`: nothing on disk. @default 'memory'
   */
  readonly storage?: CeilingStorage;
  /** Parent of the temporary data folder of `'disk'`. @default os.tmpdir() */
  readonly tempRoot?: string;
}

/** Running emulators and proxy. */
export interface CeilingEnvironment {
  /** Where the emulators keep their data. */
  readonly storage: CeilingStorage;
  /** The data folder of `'disk'` (deleted by `stop()`); undefined in memory. */
  readonly dataDir: string | undefined;
  /** Base URL each path's SDK clients use for both services. */
  endpointOf(via: CeilingVia): { readonly sqs: string; readonly dynamodb: string };
  /** Requests that reached fauxqs or dynalite (from anyone in this process), by service and operation. */
  readonly atEmulators: OperationCounter;
  /** Creates a standard queue and the two tables under `name`, through the path's endpoint. */
  createRunResources(via: CeilingVia, name: string): Promise<RunResources>;
  /** Stops the proxy and the emulators, and deletes the data folder. */
  stop(): Promise<void>;
}

/** The deployed queue's visibility timeout, seconds (cdk.out): longer than any run, so nothing is redelivered. */
const VISIBILITY_TIMEOUT_SECONDS = '180';

/** Starts the emulators and the proxy; stops whatever started (and deletes the data folder) when a later step fails. */
export async function startCeilingEnvironment(options: CeilingEnvironmentOptions = {}): Promise<CeilingEnvironment> {
  const storage = options.storage ?? 'memory';
  if (storage !== 'disk' && storage !== 'memory') throw new BenchError('INVALID_CEILING_OPTIONS', `storage must be 'disk' or 'memory' (got ${JSON.stringify(storage)})`);
  const dataDir = storage === 'disk' ? mkdtempSync(join(options.tempRoot ?? tmpdir(), 'conveyor-ceiling-')) : undefined;
  const removeData = () => { if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true }); };
  let emulators: EmbeddedEmulators | undefined;
  let proxy: AwsProxy | undefined;
  const atEmulators = new OperationCounter();
  const ports = { sqs: -1, dynamodb: -1 };
  // Counted where the emulators receive them, so the proxy's own calls for a transaction show too.
  const onRequest = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const service = socket.localPort === ports.sqs ? 'sqs' : socket.localPort === ports.dynamodb ? 'dynamodb' : undefined;
    if (service === undefined) return;
    const target = String(request.headers['x-amz-target'] ?? '');
    atEmulators.add(service, target.slice(target.indexOf('.') + 1) || 'unknown');
  };
  try {
    emulators = await startEmbeddedEmulators(dataDir === undefined ? {} : { dataDir });
    ports.sqs = Number(new URL(emulators.sqsUrl).port);
    ports.dynamodb = Number(new URL(emulators.dynamodbUrl).port);
    proxy = await createAwsProxy({ upstream: { sqs: emulators.sqsUrl, dynamodb: emulators.dynamodbUrl } });
  } catch (error) {
    await proxy?.close().catch(() => undefined);
    await emulators?.stop().catch(() => undefined);
    removeData();
    throw new BenchError('CEILING_RUN_FAILED', `cannot start the emulators for the ceiling: ${(error as Error).message}`, { cause: error });
  }
  subscribe('http.server.request.start', onRequest);
  const started = { emulators, proxy };

  const endpointOf = (via: CeilingVia) => via === 'proxy'
    ? { sqs: started.proxy.url, dynamodb: started.proxy.url }
    : { sqs: started.emulators.sqsUrl, dynamodb: started.emulators.dynamodbUrl };

  return {
    storage,
    dataDir,
    endpointOf,
    atEmulators,
    async createRunResources(via, name) {
      const endpoint = endpointOf(via);
      const sqs = new SQSClient({ ...CLIENT_BASE, endpoint: endpoint.sqs, useQueueUrlAsEndpoint: false });
      const dynamodb = new DynamoDBClient({ ...CLIENT_BASE, endpoint: endpoint.dynamodb });
      const idempotencyTable = `${name}-idempotency`;
      const ledgerTable = `${name}-ledger`;
      try {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS } }));
        if (QueueUrl === undefined) throw new Error('CreateQueue returned no QueueUrl');
        await Promise.all([
          createTable(dynamodb, idempotencyTable, 'id'),
          createTable(dynamodb, ledgerTable, 'account'),
        ]);
        return {
          queueUrl: QueueUrl,
          queueArn: `arn:aws:sqs:${CLIENT_BASE.region}:000000000000:${name}`,
          idempotencyTable,
          ledgerTable,
          async dispose() {
            await Promise.allSettled([
              sqs.send(new DeleteQueueCommand({ QueueUrl })),
              dynamodb.send(new DeleteTableCommand({ TableName: idempotencyTable })),
              dynamodb.send(new DeleteTableCommand({ TableName: ledgerTable })),
            ]);
            sqs.destroy();
            dynamodb.destroy();
          },
        };
      } catch (error) {
        sqs.destroy();
        dynamodb.destroy();
        throw new BenchError('CEILING_RUN_FAILED', `cannot create the queue and tables of ${name} (${via}): ${(error as Error).message}`, { cause: error });
      }
    },
    async stop() {
      unsubscribe('http.server.request.start', onRequest);
      try {
        await started.proxy.close();
        await started.emulators.stop();
      } finally {
        removeData();
      }
    },
  };
}

async function createTable(dynamodb: DynamoDBClient, tableName: string, partitionKey: string): Promise<void> {
  await dynamodb.send(new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await sleep(10);
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
