/** Worker-thread entry of `worker-side.ts`: hosts an inline function side and answers its requests. */
import { parentPort, workerData } from 'node:worker_threads';
import { createInlineSide, type FunctionSideSpec } from './function-side.js';
import type { WorkerReply, WorkerRequest } from './worker-side.js';

const port = parentPort;
if (port === null) throw new Error('function-worker.ts runs only as a worker thread');
const side = createInlineSide(workerData as FunctionSideSpec);

const answer = async (request: WorkerRequest): Promise<unknown> => {
  switch (request.kind) {
    case 'send': return side.send(request.index, request.bodies);
    case 'process': return side.process(request.index, request.bodies);
    case 'issued': return side.issued();
    case 'close': return side.close();
  }
};

port.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (value) => port.postMessage({ id: request.id, value } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies WorkerReply),
  );
});
port.postMessage({ id: 0 } satisfies WorkerReply);
