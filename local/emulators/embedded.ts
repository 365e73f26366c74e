import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { EmulatorError } from '../errors.js';
import { createFauxqsStores, type FauxqsStoreSet } from './fauxqs-internals.js';

/** The embedded emulators, each on its own loopback port. */
export interface EmbeddedEmulators {
  /** fauxqs (SQS). */
  readonly sqsUrl: string;
  /** dynalite (DynamoDB). */
  readonly dynamodbUrl: string;
  stop(): Promise<void>;
}

/** Where the embedded emulators keep their state. */
export interface EmbeddedEmulatorOptions {
  /**
   * Folder for the emulators' data: `sqs/fauxqs.db` (SQLite) and `dynamodb/` (LevelDB). Queues,
   * messages (visible, delayed and in flight), tables and items are loaded from there at start.
   * @default undefined: everything in memory, gone when the process ends
   */
  readonly dataDir?: string;
}

/**
 * Starts fauxqs and dynalite in this process on 127.0.0.1 (free ports), on disk under `dataDir`
 * or in memory.
 *
 * fauxqs builds queue URLs from a fixed host (`sqs.<region>.localhost`, which does not resolve
 * here) unless its store's host is empty, in which case it uses the Host header of the CreateQueue
 * request. The runtime creates queues through its AWS endpoint, so with an empty host every queue
 * URL points at that endpoint and works with any SDK or the AWS CLI as is.
 */
export async function startEmbeddedEmulators(options: EmbeddedEmulatorOptions = {}): Promise<EmbeddedEmulators> {
  const { dataDir } = options;
  let fauxqs: FauxqsStoreSet;
  try {
    fauxqs = await createFauxqsStores(dataDir === undefined ? undefined : join(dataDir, 'sqs'));
  } catch (error) {
    throw new EmulatorError(`cannot open the SQS state${dataDir ? ` in ${join(dataDir, 'sqs')}` : ''}: ${(error as Error).message}`, { cause: error });
  }
  const sqs = buildApp({ logger: false, stores: fauxqs.stores });
  if (fauxqs.close) sqs.addHook('onClose', fauxqs.close);
  const dynamodb = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir === undefined ? {} : { path: join(dataDir, 'dynamodb') }) });
  try {
    const sqsUrl = await sqs.listen({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      dynamodb.once('error', reject);
      dynamodb.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = dynamodb.address() as AddressInfo;
    return {
      sqsUrl,
      dynamodbUrl: `http://127.0.0.1:${port}`,
      async stop() {
        await sqs.close();
        await new Promise<void>((resolve) => dynamodb.close(() => resolve()));
      },
    };
  } catch (error) {
    await sqs.close().catch(() => undefined);
    throw new EmulatorError(`cannot start the embedded emulators: ${(error as Error).message}`, { cause: error });
  }
}
