import { type ResolvedRuntimeOptions, type RuntimeOptions, resolveRuntimeOptions } from '../options.js';
import { apiKeyValues } from '../state/api-key-values.js';
import { acquireInstanceLock, type InstanceLock } from '../state/instance-lock.js';
import { ensureSynthesized, type SynthResult } from '../synth/synth-cache.js';
import { readStackArtifact, type StackArtifact } from '../template/cloud-assembly.js';
import { applyFunctionCode, functionCodeDirs } from '../template/function-code.js';
import type { LocalEnvironment } from '../template/physical-names.js';
import type { StackSpec } from '../template/specs.js';
import { buildStackSpec } from '../template/stack-model.js';
import { acquire, deferQuietly, type PhaseParts } from './teardown.js';

/** Where the stack runs, as far as its model needs to know: the SQS endpoint and, once created, the queues' URLs. */
export type ModelEnvironment = Pick<LocalEnvironment, 'sqsEndpoint' | 'queueUrls'>;

/** The first phase: what to run. Disposing it releases the state folder. */
export interface SpecPhase extends AsyncDisposable {
  /** The options, validated and with their defaults; no module after this checks them again. */
  readonly options: ResolvedRuntimeOptions;
  /** The state folder's lock, held until the runtime stops. */
  readonly lock: InstanceLock;
  /** What `cdk synth` did; undefined with `synth: false`. */
  readonly synth: SynthResult | undefined;
  /** The stack's template and assets. */
  readonly artifact: StackArtifact;
  /**
   * The stack model in `env`, with the `functionCode` overrides applied (checked against the
   * stack's functions on the first call; a bad one throws `RuntimeOptionsError`).
   */
  model(env: ModelEnvironment): StackSpec;
}

/**
 * Validates `input` (the one place that does), takes the state folder, synthesizes when the sources
 * changed and reads the stack from the cloud assembly. The lock comes first so that a second start
 * on the same state folder fails before it re-synthesizes the assembly the first one runs.
 */
export async function readSpec(input: RuntimeOptions): Promise<SpecPhase> {
  const options = resolveRuntimeOptions(input);
  return acquire(async (teardown): Promise<PhaseParts<SpecPhase>> => {
    const lock = acquireInstanceLock(options.stateDir);
    deferQuietly(teardown, () => lock.release());

    const synth = options.synth === false
      ? undefined
      : await ensureSynthesized({ projectDir: options.projectDir, outputDir: options.outputDir, context: options.context, force: options.synth === 'force', onProgress: options.log });
    const artifact = readStackArtifact(options.outputDir, options.stack);
    const apiKeyValue = apiKeyValues(options.stateDir);
    let codeDirs: ReadonlyMap<string, string> | undefined;

    return {
      options,
      lock,
      synth,
      artifact,
      model(env) {
        const model = buildStackSpec(artifact, { ...env, apiKeyValue });
        codeDirs ??= functionCodeDirs(model, options.functionCode);
        return applyFunctionCode(model, codeDirs);
      },
    };
  });
}
