import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The cloud assembly folder for no context, as `cdk synth` names it. */
export const DEFAULT_ASSEMBLY_DIR = 'cdk.out';
/** Hex characters of the context hash in a per-context folder name (`cdk.out.1a2b3c4d`). */
const HASH_CHARS = 8;

/**
 * `key=value` context pairs in one canonical order: sorted by key, a key given twice keeps its last
 * value (as `cdk synth -c` does). `-c a=1 -c b=2` and `-c b=2 -c a=1` are the same context.
 */
export function canonicalContext(context: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const pair of context) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    byKey.delete(key);
    byKey.set(key, pair);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pair]) => pair);
}

/**
 * The cloud assembly folder for a context set when the user chose none: `<projectDir>/cdk.out`
 * without context, else the sibling `<projectDir>/cdk.out.<first 8 hex of sha256 of the canonical
 * context>`, e.g. `cdk.out.3f9c2a1e` for `-c fifo=true`. Each context set keeps its own assembly, so
 * switching between them reuses each one instead of synthesizing over the other.
 */
export function assemblyDir(projectDir: string, context: readonly string[]): string {
  const pairs = canonicalContext(context);
  if (pairs.length === 0) return join(projectDir, DEFAULT_ASSEMBLY_DIR);
  const hash = createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, HASH_CHARS);
  return join(projectDir, `${DEFAULT_ASSEMBLY_DIR}.${hash}`);
}
