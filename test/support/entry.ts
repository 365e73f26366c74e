import { vi } from 'vitest';

/**
 * Imports a Lambda entry point afresh with `env` stubbed in, so its module-scope code (config,
 * clients) runs as it would at a cold start. `load` is the test's own `import()` of the entry.
 */
export async function importEntry<T>(env: Record<string, string>, load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return load();
}
