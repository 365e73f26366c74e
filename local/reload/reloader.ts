import { SynthError } from '../errors.js';
import type { ComputePhase } from '../phases/compute.js';
import type { EdgePhase } from '../phases/edge.js';
import type { InfrastructurePhase } from '../phases/infrastructure.js';
import type { AssemblyModel, SpecPhase } from '../phases/spec.js';
import type { StackSpec } from '../template/specs.js';
import { describeBlockers, describeChanges, summarizeChanges } from './change-summary.js';
import { type ReloadReport, reloadLine } from './reload-report.js';
import { diffStacks, isEmptyDiff } from './stack-diff.js';

/** The running phases a reload changes, and where its line goes. */
export interface ReloaderDeps {
  readonly spec: SpecPhase;
  readonly infra: InfrastructurePhase;
  readonly compute: ComputePhase;
  readonly edge: EdgePhase;
  /** Where the reload's lines go (the runtime's `log`). */
  readonly log: (line: string) => void;
}

/** Reloads the running stack from a new cloud assembly; see {@link createReloader}. */
export interface Reloader {
  /** The model of the stack running now. */
  readonly stack: StackSpec;
  /**
   * Reloads (`trigger`: the changed files that asked for it, for the report). One reload runs at a
   * time: asked for while one runs, it runs once that one has ended, together with every other ask
   * meanwhile, and they all resolve with its report. Never rejects: a failure is a report.
   */
  reload(trigger?: readonly string[]): Promise<ReloadReport>;
  /** Stops a reload in progress (its `cdk synth` is killed; an apply under way finishes) and waits for it; later asks fail at once. */
  close(): Promise<void>;
}

/** Lines of a failed synth's output the console gets (the end, where the error is). */
const SYNTH_OUTPUT_LINES = 30;

/**
 * Reloads a running stack from its sources, without restarting the emulators: synthesizes when the
 * sources changed (the same cache as at the start), reads the new assembly, and compares it with the
 * running stack. What cannot change live (`StackDiff.blockers`) stops it there, and nothing is
 * applied. Otherwise the new queues and tables are created (the existing ones keep their messages
 * and items), then the functions, event source mappings, API, dashboard and `local.json` follow.
 * Each reload that synthesized or changed something prints one line (`reloaded in 1.2 s: …`) and
 * emits the `reload` event on `compute.events`; one that found the assembly up to date and nothing
 * changed is quiet.
 */
export function createReloader(deps: ReloaderDeps): Reloader {
  let stack = deps.infra.stack;
  const closing = new AbortController();
  let running: Promise<ReloadReport> | undefined;
  let next: { readonly files: Set<string>; readonly done: Promise<ReloadReport>; resolve(report: ReloadReport): void } | undefined;

  const report = (started: number, parts: Omit<ReloadReport, 'at' | 'durationMs'>, quiet = false): ReloadReport => {
    const done: ReloadReport = { ...parts, at: Date.now(), durationMs: performance.now() - started };
    if (!quiet) {
      deps.log(reloadLine(done));
      deps.compute.events.emit('reload', done);
    }
    return done;
  };

  const run = async (trigger: readonly string[]): Promise<ReloadReport> => {
    const started = performance.now();
    const failed = (error: unknown, synthesized: boolean) => report(started, {
      outcome: 'failed', trigger, synthesized, summary: '', error: error instanceof Error ? error.message : String(error),
    }, closing.signal.aborted);
    let assembly: AssemblyModel;
    try {
      const because = trigger.length > 0 ? `${trigger.join(', ')} changed: ` : '';
      assembly = await deps.spec.resynthesize({ signal: closing.signal, onProgress: (line) => deps.log(`${because}${line}`) });
    } catch (error) {
      if (error instanceof SynthError && !closing.signal.aborted && error.output.trim() !== '') deps.log(error.output.trim().split('\n').slice(-SYNTH_OUTPUT_LINES).join('\n'));
      return failed(error, false);
    }
    const synthesized = assembly.synth !== undefined && !assembly.synth.cached;
    try {
      // Whether it can apply at all, before anything is created: the queue URLs of this draft are not final.
      const draft = assembly.model({ sqsEndpoint: deps.infra.awsEndpoint });
      const preview = diffStacks(stack, draft);
      if (preview.blockers.length > 0) {
        const changes = describeChanges(stack, draft, preview);
        const notApplied = describeBlockers(stack, draft, preview.blockers);
        return report(started, { outcome: 'blocked', trigger, synthesized, changes, summary: summarizeChanges(changes), notApplied });
      }
      const provisioned = await deps.infra.provision(assembly.model);
      const diff = diffStacks(stack, provisioned.stack);
      const changes = describeChanges(stack, provisioned.stack, diff);
      if (!isEmptyDiff(diff)) {
        deps.compute.apply(provisioned.stack, provisioned.queueUrls, diff);
        stack = provisioned.stack;
        deps.edge.apply(provisioned.stack, provisioned.queueUrls, diff);
      }
      return report(started, { outcome: 'applied', trigger, synthesized, changes, summary: summarizeChanges(changes) }, !synthesized && isEmptyDiff(diff));
    } catch (error) {
      return failed(error, synthesized);
    }
  };

  const reload = (trigger: readonly string[] = []): Promise<ReloadReport> => {
    if (closing.signal.aborted) {
      return Promise.resolve({ at: Date.now(), outcome: 'failed', durationMs: 0, trigger, synthesized: false, summary: '', error: 'the runtime is stopping' });
    }
    if (running === undefined) {
      running = run(trigger).finally(() => {
        running = undefined;
        const queued = next;
        next = undefined;
        if (queued) void reload([...queued.files]).then(queued.resolve);
      });
      return running;
    }
    if (next === undefined) {
      let resolve: (report: ReloadReport) => void = () => undefined;
      const done = new Promise<ReloadReport>((settle) => { resolve = settle; });
      next = { files: new Set(), done, resolve };
    }
    for (const file of trigger) next.files.add(file);
    return next.done;
  };

  return {
    get stack() {
      return stack;
    },
    reload,
    async close() {
      closing.abort();
      await running;
      await next?.done;
    },
  };
}
