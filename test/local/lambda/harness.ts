import { afterEach } from 'vitest';
import type { FaultPolicy, InvocationFaults } from '../../../local/faults/decisions.js';
import { FunctionHost } from '../../../local/lambda/function-host.js';
import type { FunctionHostOptions } from '../../../local/lambda/options.js';
import type { FunctionSpec } from '../../../local/template/specs.js';
import { functionSpec, handlerAsset } from './fixtures.js';

/**
 * Registers an `afterEach` that stops every host and removes every asset the test created, and
 * returns `host(source, spec?, options?, file?)`: a host for a handler module written from `source` (as `file`, default `index.mjs`).
 */
export function useHosts() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return function host(source: string, spec: Partial<FunctionSpec> = {}, options: Partial<FunctionHostOptions> = {}, file?: string): FunctionHost {
    const asset = handlerAsset(source, file);
    cleanups.push(() => asset.cleanup());
    const created = new FunctionHost(functionSpec(asset.assetDir, spec), { region: 'us-east-1', ...options });
    cleanups.push(() => created.stop());
    return created;
  };
}

/** A fault policy giving every invocation `faults`. */
export const faultsOf = (faults: InvocationFaults): FaultPolicy => ({ forAwsCall: () => undefined, forInvocation: () => faults });
