import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { EmulatorError } from './errors.js';

/** The embedded emulators, each on its own loopback port. */
export interface EmbeddedEmulators {
  /** fauxqs (SQS). */
  readonly sqsUrl: string;
  /** dynalite (DynamoDB). */
  readonly dynamodbUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs and dynalite in this process on 127.0.0.1 (free ports). Everything is in memory:
 * a restart starts from empty queues and tables.
 *
 * fauxqs builds queue URLs from a fixed host (`sqs.<region>.localhost`, which does not resolve
 * here) unless its store's host is empty, in which case it uses the Host header of the CreateQueue
 * request. The runtime creates queues through its AWS endpoint, so with an empty host every queue
 * URL points at that endpoint and works with any SDK or the AWS CLI as is. fauxqs does not export
 * its store class, so it is loaded from its file; if that ever fails, fauxqs' default URLs are used.
 */
export async function startEmbeddedEmulators(): Promise<EmbeddedEmulators> {
  const sqs = buildApp({ logger: false, ...(await storesWithRequestHostUrls()) });
  const dynamodb = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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

type Stores = NonNullable<Parameters<typeof buildApp>[0]>['stores'];

async function storesWithRequestHostUrls(): Promise<{ stores?: Stores }> {
  try {
    // fauxqs exports only its entry point, so find its folder the way Node searches node_modules.
    const dist = (createRequire(import.meta.url).resolve.paths('fauxqs') ?? [])
      .map((dir) => join(dir, 'fauxqs', 'dist'))
      .find((dir) => existsSync(join(dir, 'sqs', 'sqsStore.js')));
    if (dist === undefined) return {};
    const load = async (file: string) => import(pathToFileURL(join(dist, file)).href) as Promise<Record<string, new () => object>>;
    const [{ SqsStore }, { SnsStore }, { S3Store }] = await Promise.all([load('sqs/sqsStore.js'), load('sns/snsStore.js'), load('s3/s3Store.js')]);
    if (SqsStore === undefined || SnsStore === undefined || S3Store === undefined) return {};
    const sqsStore = Object.assign(new SqsStore(), { host: '' });
    return { stores: { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() } as unknown as Stores };
  } catch {
    return {};
  }
}
