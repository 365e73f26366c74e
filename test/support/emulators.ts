import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';

/** Running emulators on loopback. */
export interface Emulators {
  readonly sqsEndpoint: string;
  readonly dynamodbEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (SQS) and dynalite (DynamoDB) in this process on 127.0.0.1, each on a free port.
 * fauxqs' own `startFauxqs` binds every interface, so its app is listened on loopback here.
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

  return {
    sqsEndpoint: sqsAddress,
    dynamodbEndpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await sqs.close();
      await new Promise<void>((resolve) => dynamodb.close(() => resolve()));
    },
  };
}
