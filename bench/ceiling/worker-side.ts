/**
 * The function side in one worker thread (`function-worker.ts`), as the runtime hosts functions:
 * the main thread keeps the emulators, the proxy and the poller, the worker the functions' clients.
 */
import { Worker } from 'node:worker_threads';
import type { SendResult } from '../../functions/producer/publish.js';
import { BenchError } from '../errors.js';
import type { FunctionSide, FunctionSideSpec, ProcessedMessage } from './function-side.js';
import type { OperationCounts } from './stats.js';

/** A call to the worker. */
export type WorkerRequest =
  | { readonly id: number; readonly kind: 'send' | 'process'; readonly index: number; readonly bodies: readonly string[] }
  | { readonly id: number; readonly kind: 'issued' | 'close' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The worker's answer to request `id`; id 0 announces that the worker is ready. */
export type WorkerReply = { readonly id: number; readonly value?: unknown; readonly error?: string };

/** Starts the worker and resolves once its clients exist. */
export async function createWorkerSide(spec: FunctionSideSpec): Promise<FunctionSide> {
  // The worker's code is TypeScript, and Node 20 does not pass `--import tsx` on to workers: register tsx first.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./function-worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: spec });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let nextId = 1;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: WorkerReply) => {
    const entry = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) entry?.reject(new BenchError('CEILING_RUN_FAILED', `function worker: ${reply.error}`));
    else entry?.resolve(reply.value);
  });
  worker.on('error', (error) => failAll(new BenchError('CEILING_RUN_FAILED', `function worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => failAll(new BenchError('CEILING_RUN_FAILED', `function worker exited (${code})`)));

  const call = <T>(request: WithoutId<WorkerRequest>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    send: (index, bodies) => call<SendResult[]>({ kind: 'send', index, bodies }),
    process: (index, bodies) => call<ProcessedMessage[]>({ kind: 'process', index, bodies }),
    issued: () => call<OperationCounts>({ kind: 'issued' }),
    async close() {
      await call({ kind: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
