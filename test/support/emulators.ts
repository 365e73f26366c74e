import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { createAwsProxy } from '../../local/aws-proxy/aws-proxy.js';

/** Running emulators on loopback. */
export interface Emulators {
  /** fauxqs, directly. */
  readonly sqsEndpoint: string;
  /**
   * The runtime's AWS endpoint proxy in front of dynalite (and fauxqs): DynamoDB as the local runtime
   * serves it, with `TransactWriteItems`/`TransactGetItems`, which dynalite lacks, emulated by the proxy.
   */
  readonly dynamodbEndpoint: string;
  /** dynalite, directly: for the proxy's own tests, which put their own proxy in front of it. */
  readonly dynaliteEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (SQS) and dynalite (DynamoDB) in this process on 127.0.0.1, each on a free port, and
 * the AWS endpoint proxy in front of them. fauxqs' own `startFauxqs` binds every interface, so its
 * app is listened on loopback here.
 */
export async function startEmulators(): Promise<Emulators> {
  const sqs = buildApp({ logger: false });
  const sqsAddress = await sqs.listen({ port: 0, host: '127.0.0.1' });

  const dynamodb = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamodb.once('error', reject);
    dynamodb.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = dynamodb.address() as AddressInfo;
  const dynaliteEndpoint = `http://127.0.0.1:${port}`;
  const proxy = await createAwsProxy({ upstream: { sqs: sqsAddress, dynamodb: dynaliteEndpoint } });

  return {
    sqsEndpoint: sqsAddress,
    dynamodbEndpoint: proxy.url,
    dynaliteEndpoint,
    async stop() {
      await proxy.close();
      await sqs.close();
      await new Promise<void>((resolve) => dynamodb.close(() => resolve()));
    },
  };
}
