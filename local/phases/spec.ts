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

/** A cloud assembly as read: what synth did, and the stack's model in a local environment. */
export interface AssemblyModel {
  /** What `cdk synth` did; undefined with `synth: false`. */
  readonly synth: SynthResult | undefined;
  /**
   * The stack model in `env`, with the `functionCode` overrides applied (checked against the
   * stack's functions on the first call; a bad one throws `RuntimeOptionsError`).
   */
  model(env: ModelEnvironment): StackSpec;
}

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
  /**
   * Synthesizes again when the sources changed since the last synth (as at the start; never forced)
   * and reads the assembly anew, for a reload: the running stack is not touched. With `synth:
   * false` it only reads the assembly folder again.
   * @throws SynthError, CloudAssemblyError, UnsupportedTemplateError (from `model`) as at the start
   */
  resynthesize(options?: { signal?: AbortSignal; onProgress?: (line: string) => void }): Promise<AssemblyModel>;
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

    const apiKeyValue = apiKeyValues(options.stateDir);
    /** Synthesizes (`force` only for the start's `--force-synth`) and reads the assembly. */
    const read = async (force: boolean, how: { signal?: AbortSignal; onProgress?: (line: string) => void }) => {
      const synth = options.synth === false
        ? undefined
        : await ensureSynthesized({
          projectDir: options.projectDir,
          outputDir: options.outputDir,
          context: options.context,
          force,
          onProgress: how.onProgress ?? options.log,
          ...(how.signal ? { signal: how.signal } : {}),
        });
      const artifact = readStackArtifact(options.outputDir, options.stack);
      let codeDirs: ReadonlyMap<string, string> | undefined;
      const model = (env: ModelEnvironment): StackSpec => {
        const built = buildStackSpec(artifact, { ...env, apiKeyValue });
        codeDirs ??= functionCodeDirs(built, options.functionCode);
        return applyFunctionCode(built, codeDirs);
      };
      return { synth, artifact, model };
    };
    const { synth, artifact, model } = await read(options.synth === 'force', {});

    return {
      options,
      lock,
      synth,
      artifact,
      model,
      resynthesize: async (how = {}) => {
        const again = await read(false, how);
        return { synth: again.synth, model: again.model };
      },
    };
  });
}
