import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RuntimeProcess, startRuntimeProcess } from '../../../local/runtime-process.js';
import { readTarget, targetName } from './target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The outputs file of the target; empty when the target is unavailable. */
    e2eOutputsFile: string;
    /** Why the target cannot be reached (the suite then skips, saying so); empty when it can. */
    e2eUnavailable: string;
  }
}

/**
 * `embedded` (default): starts the runtime as `npm start` would, in its own process with its own
 * state folder, and stops it at the end — a shutdown that does not exit 0 fails the run.
 * `localstack` / `aws`: reads the deployment's outputs file (`CONVEYOR_E2E_OUTPUTS`) and checks the
 * API answers; when it does not, it prints one line saying why ({@link unreachableNotice}) and cancels
 * the run: no e2e test runs and vitest exits non-zero, so an unreachable target is never green.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const name = targetName();
  const projectDir = resolve(import.meta.dirname, '..', '..', '..');
  if (name !== 'embedded') {
    const outputsFile = resolve(process.env.CONVEYOR_E2E_OUTPUTS ?? join(projectDir, name === 'localstack' ? '.conveyor/localstack-outputs.json' : 'cdk-outputs.json'));
    const reason = await unreachable(name, outputsFile);
    project.provide('e2eOutputsFile', reason === undefined ? outputsFile : '');
    project.provide('e2eUnavailable', reason ?? '');
    if (reason !== undefined) {
      console.warn(unreachableNotice(name, reason));
      // Several files (the CLI, dashboard, README and restart tests) start their own runtime whatever the target,
      // and others read the outputs file while collecting; cancelling skips them all before any runs.
      // Not awaited: cancelCurrentRun waits for the run this setup is part of.
      void project.vitest.cancelCurrentRun('e2e-target-unreachable' as string & Record<string, never>);
    }
    return undefined;
  }
  // CONVEYOR_E2E_STATE_DIR lets two runs of the suite in one checkout keep apart (each needs its own).
  const stateDir = resolve(process.env.CONVEYOR_E2E_STATE_DIR ?? join(projectDir, '.conveyor', 'e2e'));
  const runtime: RuntimeProcess = await startRuntimeProcess(projectDir, stateDir);
  project.provide('e2eOutputsFile', runtime.outputsFile);
  project.provide('e2eUnavailable', '');
  return async () => {
    const code = await runtime.stop();
    if (code !== 0) throw new Error(`the runtime did not shut down cleanly (exit ${String(code)}):\n${runtime.output().slice(-5000)}`);
  };
}

/** The one line printed when the `localstack` or `aws` target does not answer; `reason` says why. */
export function unreachableNotice(name: 'localstack' | 'aws', reason: string): string {
  return `e2e: target '${name}' is not reachable (${reason}); the e2e suite is SKIPPED — no test ran, and the run exits non-zero.`;
}

async function unreachable(name: 'localstack' | 'aws', outputsFile: string): Promise<string | undefined> {
  let apiUrl: string;
  try {
    apiUrl = readTarget(name, outputsFile).apiUrl;
  } catch (error) {
    return (error as Error).message;
  }
  try {
    await fetch(apiUrl, { signal: AbortSignal.timeout(5_000) });
    return undefined;
  } catch (error) {
    return `${apiUrl}: ${(error as Error).message}`;
  }
}
