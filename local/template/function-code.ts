import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeOptionsError } from '../options.js';
import type { StackSpec } from './specs.js';

const HANDLER_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * Points functions at other code folders (the `functionCode` option), keyed by short name, logical
 * id or function name (case-insensitive). Throws a {@link RuntimeOptionsError} naming the stack's
 * functions when a name matches none, and when a folder lacks the template's handler file.
 */
export function withFunctionCode(stack: StackSpec, functionCode: Readonly<Record<string, string>>): StackSpec {
  const entries = Object.entries(functionCode);
  if (entries.length === 0) return stack;
  const byName = new Map<string, string>();
  for (const [name, dir] of entries) {
    const fn = stack.functions.find((candidate) => [candidate.name, candidate.logicalId, candidate.functionName].some((id) => id.toLowerCase() === name.toLowerCase()));
    if (fn === undefined) {
      throw new RuntimeOptionsError(`functionCode: the stack has no function '${name}' (it has ${stack.functions.map((candidate) => candidate.name).join(', ')})`);
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuntimeOptionsError(`functionCode: ${dir} (for ${fn.name}) is not a folder`);
    const file = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
    if (!HANDLER_EXTENSIONS.some((extension) => existsSync(join(dir, `${file}${extension}`)))) {
      throw new RuntimeOptionsError(`functionCode: ${dir} has no ${file}.mjs/.js/.cjs for ${fn.name}'s handler '${fn.handler}'`);
    }
    byName.set(fn.logicalId, dir);
  }
  return { ...stack, functions: stack.functions.map((fn) => (byName.has(fn.logicalId) ? { ...fn, assetDir: byName.get(fn.logicalId)! } : fn)) };
}
