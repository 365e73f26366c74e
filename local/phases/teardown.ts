/** What a phase's builder returns: the phase without its disposal, which {@link acquire} adds. */
export type PhaseParts<P extends AsyncDisposable> = Omit<P, typeof Symbol.asyncDispose>;

/**
 * Builds something that holds resources: `build` adds each resource's teardown to `teardown` as it
 * acquires it. When `build` throws, what it had acquired is torn down, last first, and the error
 * rethrown; else the result comes back async-disposable, disposing `teardown`.
 * (An explicit stack rather than `await using`: dependency-cruiser's swc parser rejects `using`.)
 */
export async function acquire<T extends object>(build: (teardown: AsyncDisposableStack) => Promise<T>): Promise<T & AsyncDisposable> {
  const teardown = new AsyncDisposableStack();
  try {
    return Object.assign(await build(teardown), { [Symbol.asyncDispose]: () => teardown.disposeAsync() });
  } catch (error) {
    await teardown.disposeAsync();
    throw error;
  }
}

/**
 * Adds a teardown step to `stack` that never throws: a step that fails must neither hide the error
 * that started the teardown (a failed start) nor keep the steps after it from running.
 */
export function deferQuietly(stack: AsyncDisposableStack, step: () => unknown): void {
  stack.defer(async () => {
    try {
      await step();
    } catch {
      // Best effort, as a process that is going away: the remaining steps still run.
    }
  });
}
