import type { WorkerError } from './protocol.js';

/** Serialises what a handler threw (or passed to its callback) the way Lambda's Node runtime reports it. */
export function serializeError(thrown: unknown, errorType?: string): WorkerError {
  if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown)) {
    const error = thrown as Error;
    const stack = typeof error.stack === 'string' ? error.stack.split('\n') : [];
    return { errorType: errorType ?? error.name ?? 'Error', errorMessage: String(error.message), stackTrace: stack };
  }
  const message = typeof thrown === 'string' ? thrown : safeJson(thrown);
  return { errorType: errorType ?? typeof thrown, errorMessage: message, stackTrace: [] };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
