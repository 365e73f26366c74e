/**
 * Entry of an instance's worker thread (bundled to CommonJS by `worker-code.ts`; Node builtins only).
 * Loads the handler once, tells the host whether that worked, then runs one invocation per
 * `invoke` message, like Lambda's Node runtime in one execution environment.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Handler, loadHandler } from './handler-loader.js';
import type { InstanceData, InvokeMessage, WorkerMessage } from './protocol.js';
import { runHandler } from './run-handler.js';

const port = parentPort;
const instance = workerData as InstanceData;
const post = (message: WorkerMessage) => port?.postMessage(message);

async function main(): Promise<void> {
  const loaded = await loadHandler(instance.assetDir, instance.handler);
  if (!loaded.ok) {
    post({ type: 'init-error', error: loaded.error });
    return;
  }
  const handler: Handler = loaded.handler;
  port?.on('message', (message: InvokeMessage) => {
    if (message.type !== 'invoke') return;
    void runHandler(handler, instance, message).then(post);
  });
  post({ type: 'ready' });
}

void main();
