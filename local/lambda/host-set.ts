import type { FunctionSpec } from '../template/specs.js';
import { FunctionHost } from './function-host.js';
import type { Invoke } from './invocation.js';
import type { FunctionHostStats } from './options.js';

/** Counters that add up across a function's hosts (the instances and waits of a retiring one included). */
type Summed = Omit<FunctionHostStats, 'memoryMb'>;

const ZERO: Summed = { instances: 0, busy: 0, queued: 0, invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0, billedMs: 0 };

/**
 * The stack's function hosts by logical id, whose code can be swapped while they run: a new host
 * takes the function's new invocations at once, and the one it replaces retires (what it had taken
 * runs to its end, then its instances stop), as Lambda runs the old version's environments to the
 * end of their invocations after a code update. A function's stats are those of its current host
 * plus its retiring and retired ones, so its counters run on across a swap.
 */
export class HostSet {
  readonly #hosts = new Map<string, FunctionHost>();
  readonly #retiring = new Map<FunctionHost, string>();
  /** Counters of hosts that have retired, by logical id. */
  readonly #retired = new Map<string, Summed>();

  /** @param create makes the host of a function (with its log and report callbacks) */
  constructor(private readonly create: (spec: FunctionSpec) => FunctionHost) {}

  /** Starts a host for `spec` that takes every invocation of the function from now on; the host it replaces retires. */
  put(spec: FunctionSpec): void {
    const previous = this.#hosts.get(spec.logicalId);
    this.#hosts.set(spec.logicalId, this.create(spec));
    if (previous) this.#retire(spec.logicalId, previous);
  }

  /** The function is gone: its host retires, and invoking it throws. */
  remove(logicalId: string): void {
    const previous = this.#hosts.get(logicalId);
    this.#hosts.delete(logicalId);
    this.#retired.delete(logicalId);
    if (previous) this.#retire(logicalId, previous);
  }

  /**
   * The invoke of the function with this logical id, looked up on each call: an invocation goes to
   * the host that is current when it is made. Throws for an unknown function.
   */
  invokerFor(logicalId: string): Invoke {
    const host = this.#hosts.get(logicalId);
    if (host === undefined) throw new Error(`no function ${logicalId}`);
    return host.invoke;
  }

  /** The function's stats: its current host's, plus its retiring and retired hosts' counters and instances. */
  statsOf(logicalId: string): FunctionHostStats | undefined {
    const host = this.#hosts.get(logicalId);
    if (host === undefined) return undefined;
    let sum = add(this.#retired.get(logicalId) ?? ZERO, host.stats);
    for (const [retiring, id] of this.#retiring) if (id === logicalId) sum = add(sum, retiring.stats);
    return { ...sum, memoryMb: host.stats.memoryMb };
  }

  /** Stops every host, retiring ones included; in-flight invocations get `graceMs` (see `FunctionHost.stop`). */
  async stop(graceMs: number): Promise<void> {
    await Promise.all([...this.#hosts.values(), ...this.#retiring.keys()].map((host) => host.stop({ graceMs })));
  }

  #retire(logicalId: string, host: FunctionHost): void {
    this.#retiring.set(host, logicalId);
    void host.retire().finally(() => {
      this.#retiring.delete(host);
      if (this.#hosts.has(logicalId)) this.#retired.set(logicalId, add(this.#retired.get(logicalId) ?? ZERO, { ...host.stats, instances: 0, busy: 0, queued: 0 }));
    });
  }
}

function add(a: Summed, b: Summed): Summed {
  return {
    instances: a.instances + b.instances,
    busy: a.busy + b.busy,
    queued: a.queued + b.queued,
    invocations: a.invocations + b.invocations,
    coldStarts: a.coldStarts + b.coldStarts,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    crashes: a.crashes + b.crashes,
    billedMs: a.billedMs + b.billedMs,
  };
}
