import { createContext } from './context.js';
import { serializeError } from './errors.js';
import type { Handler } from './handler-loader.js';
import type { InstanceData, InvokeMessage, ResultMessage } from './protocol.js';

/**
 * Runs the handler once and returns what the runtime would send back: the result as JSON, or the
 * serialised error. Async handlers settle through their promise, callback-style handlers (3
 * parameters) through the callback or `context.done/succeed/fail`, whichever comes first.
 */
export async function runHandler(handler: Handler, instance: InstanceData, invocation: InvokeMessage): Promise<ResultMessage> {
  const { requestId } = invocation;
  let result: unknown;
  try {
    result = await call(handler, instance, invocation);
  } catch (error) {
    return { type: 'result', requestId, ok: false, error: serializeError(error) };
  }
  try {
    return { type: 'result', requestId, ok: true, payload: JSON.stringify(result) ?? 'null' };
  } catch (error) {
    return { type: 'result', requestId, ok: false, error: serializeError(error, 'Runtime.MarshalError') };
  }
}

function call(handler: Handler, instance: InstanceData, invocation: InvokeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(value);
    };
    const context = createContext(instance, invocation, settle);
    const event: unknown = JSON.parse(invocation.event);
    const returned = handler(event, context, settle);
    if (isThenable(returned)) returned.then((value) => settle(null, value), (error: unknown) => settle(error ?? new Error('rejected')));
    else if (handler.length < 3) settle(null, returned);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
