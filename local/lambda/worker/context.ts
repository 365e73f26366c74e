import type { InstanceData, InvokeMessage } from './protocol.js';

/** Settles an invocation from the legacy `context.done/succeed/fail` methods. */
export type Settle = (error: unknown, result?: unknown) => void;

/** The Lambda `context` object of one invocation. */
export function createContext(instance: InstanceData, invocation: InvokeMessage, settle: Settle) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: instance.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: instance.invokedFunctionArn,
    memoryLimitInMB: String(instance.memoryMb),
    awsRequestId: invocation.requestId,
    logGroupName: instance.logGroupName,
    logStreamName: instance.logStreamName,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadlineMs - Date.now()),
    done: (error?: unknown, result?: unknown) => settle(error ?? null, result),
    succeed: (result?: unknown) => settle(null, result),
    fail: (error: unknown) => settle(error ?? new Error('handled')),
  };
}
