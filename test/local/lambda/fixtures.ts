import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../../../local/template/specs.js';
import { eventually as pollUntil } from '../../support/eventually.js';

/** A temporary asset folder holding one handler module; `cleanup()` removes it. */
export interface HandlerAsset {
  readonly assetDir: string;
  cleanup(): void;
}

/** Writes `source` as `<assetDir>/<file>` (default `index.mjs`) in a new temporary folder. */
export function handlerAsset(source: string, file = 'index.mjs'): HandlerAsset {
  const assetDir = mkdtempSync(join(tmpdir(), 'conveyor-fn-'));
  writeFileSync(join(assetDir, file), source);
  return { assetDir, cleanup: () => rmSync(assetDir, { recursive: true, force: true }) };
}

/** A function spec for a test asset. */
export function functionSpec(assetDir: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  const functionName = overrides.functionName ?? 'Conveyor-Test';
  return {
    logicalId: 'TestFunction1234',
    name: 'Test',
    functionName,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    assetDir,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 3,
    memoryMb: 128,
    environment: {},
    logGroupName: `/aws/lambda/${functionName}`,
    ...overrides,
  };
}

/** Handler sources used across the host's tests. */
export const handlers = {
  /** Returns the event and the context's fields. */
  echo: `export const handler = async (event, context) => ({
    event,
    context: {
      functionName: context.functionName, functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
      awsRequestId: context.awsRequestId, logGroupName: context.logGroupName, logStreamName: context.logStreamName,
      callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
      remaining: context.getRemainingTimeInMillis(),
    },
  });`,
  /** Counts invocations in module state. */
  counter: `let count = 0; export const handler = async () => ({ count: ++count });`,
  /** Sleeps `event.ms` then returns. */
  sleep: `export const handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return { slept: event.ms }; };`,
} as const;

/**
 * The least time {@link eventually} waits before it gives up: a deadline only ends a broken test,
 * it never asserts a speed, so it is generous — on 2 busy cores (the unit suite runs its files in
 * parallel) a 3-s deadline once failed a mapping that was merely slow to pick a message up.
 */
const MIN_DEADLINE_MS = 20_000;

/** Polls `check` until it returns true (or fails after `timeoutMs`, at least {@link MIN_DEADLINE_MS}): `test/support/eventually.ts` for a check without a value. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = MIN_DEADLINE_MS): Promise<void> {
  await pollUntil(async () => check(), (held) => held, Math.max(timeoutMs, MIN_DEADLINE_MS), 10);
}

/**
 * Resolves with `value` after `ms`, unless cancelled: a deadline the test races the behaviour
 * against, set to when the thing it must beat (a batching window, a grace period) would end on its own.
 */
export function after<T>(ms: number, value: T): { readonly promise: Promise<T>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, value)));
  return { promise, cancel: () => clearTimeout(timer) };
}
