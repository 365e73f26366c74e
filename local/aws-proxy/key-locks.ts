/** Per-key async mutexes: the proxy's item locks for DynamoDB transactions and the writes around them. */

/** Gives back locks taken with {@link KeyLocks.acquire}; calling it twice is harmless. */
export type ReleaseLocks = () => void;

/**
 * A map of FIFO mutexes keyed by string (for DynamoDB: table + canonical item key).
 * `acquire` takes several keys in sorted order, so two holders of overlapping sets cannot deadlock
 * as long as nobody acquires twice without releasing in between. An idle key holds no memory.
 */
export class KeyLocks {
  /** Per key: the promise that resolves when the last queued holder releases it. */
  readonly #tails = new Map<string, Promise<void>>();

  /** Keys currently held or waited for (for tests and diagnostics). */
  get size(): number {
    return this.#tails.size;
  }

  /** Waits until every key (duplicates ignored) is free, takes them all, and returns their release. */
  async acquire(keys: Iterable<string>): Promise<ReleaseLocks> {
    const sorted = [...new Set(keys)].sort();
    const releases: ReleaseLocks[] = [];
    for (const key of sorted) releases.push(await this.#acquireOne(key));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
    };
  }

  /** Runs `work` holding `keys`; releases them however `work` ends. */
  async withLocks<T>(keys: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(keys);
    try {
      return await work();
    } finally {
      release();
    }
  }

  async #acquireOne(key: string): Promise<ReleaseLocks> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => held) : held;
    this.#tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      // The last holder in the queue removes the entry; a later waiter replaced the tail otherwise.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}
