/** What the pool needs of an instance. */
export interface PooledInstance {
  readonly alive: boolean;
  terminate(): Promise<void>;
}

/** An instance handed to one invocation; `cold` when it was started for it. */
export interface Lease<T> {
  readonly instance: T;
  readonly cold: boolean;
}

/**
 * Keeps up to `max` instances: hands out an idle one (warm), starts one while under `max` (cold),
 * else queues the caller in FIFO order. Instances go back with `release` or leave with `discard`.
 * With `idleTimeoutMs`, an instance idle that long is terminated (the most recently used are
 * handed out first, so the others age out).
 */
export class InstancePool<T extends PooledInstance> {
  private readonly all = new Set<T>();
  private readonly busy = new Set<T>();
  private readonly idle: T[] = [];
  private readonly idleSince = new Map<T, number>();
  private reaper: NodeJS.Timeout | undefined;
  private readonly waiters: Array<(lease: Lease<T> | undefined) => void> = [];
  private closed = false;

  constructor(
    private readonly max: number,
    private readonly create: () => T,
    private readonly idleTimeoutMs = 0,
    private readonly now: () => number = Date.now,
  ) {
    if (idleTimeoutMs > 0) {
      this.reaper = setInterval(() => this.reapIdle(), Math.max(50, Math.min(idleTimeoutMs / 2, 10_000)));
      this.reaper.unref();
    }
  }

  /** Terminates the instances idle for `idleTimeoutMs` or longer; returns how many. */
  reapIdle(): number {
    if (this.idleTimeoutMs <= 0) return 0;
    const cutoff = this.now() - this.idleTimeoutMs;
    const stale = this.idle.filter((instance) => (this.idleSince.get(instance) ?? Infinity) <= cutoff);
    for (const instance of stale) {
      this.discard(instance);
      void instance.terminate();
    }
    return stale.length;
  }

  /** Instances alive, busy, and callers waiting. */
  get counts(): { readonly instances: number; readonly busy: number; readonly queued: number } {
    return { instances: this.all.size, busy: this.busy.size, queued: this.waiters.length };
  }

  /** An instance for one invocation, or `undefined` once the pool is closed. */
  acquire(): Promise<Lease<T> | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const warm = this.takeIdle();
    if (warm) return Promise.resolve(this.lease(warm, false));
    if (this.all.size < this.max) return Promise.resolve(this.startOne());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives a leased instance back: to the first waiter, else to the idle list (terminated if dead or closed). */
  release(instance: T): void {
    if (!instance.alive || this.closed) {
      this.discard(instance);
      if (this.closed) void instance.terminate();
      return;
    }
    this.busy.delete(instance);
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.lease(instance, false));
    else {
      this.idle.push(instance);
      this.idleSince.set(instance, this.now());
    }
  }

  /** Forgets an instance (dead or being terminated by the caller); a waiter then gets a new one. Idempotent. */
  discard(instance: T): void {
    if (!this.all.delete(instance)) return;
    this.busy.delete(instance);
    const index = this.idle.indexOf(instance);
    if (index >= 0) this.idle.splice(index, 1);
    this.idleSince.delete(instance);
    if (this.closed || this.all.size >= this.max) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.startOne());
  }

  /** Refuses further leases, answers waiters with `undefined`, and returns every instance still known. */
  close(): T[] {
    this.closed = true;
    clearInterval(this.reaper);
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    return [...this.all];
  }

  private takeIdle(): T | undefined {
    let instance = this.idle.pop();
    while (instance && !instance.alive) {
      this.discard(instance);
      instance = this.idle.pop();
    }
    if (instance) this.idleSince.delete(instance);
    return instance;
  }

  private startOne(): Lease<T> {
    const instance = this.create();
    this.all.add(instance);
    return this.lease(instance, true);
  }

  private lease(instance: T, cold: boolean): Lease<T> {
    this.busy.add(instance);
    return { instance, cold };
  }
}
