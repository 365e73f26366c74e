import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeOptionsError } from '../errors.js';
import type { StackSpec } from './specs.js';

const HANDLER_EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * Points functions at other code folders (the `functionCode` option), keyed by short name, logical
 * id or function name (case-insensitive). Throws a {@link RuntimeOptionsError} naming the stack's
 * functions when a name matches none, and when a folder lacks the template's handler file.
 */
export function withFunctionCode(stack: StackSpec, functionCode: Readonly<Record<string, string>>): StackSpec {
  return applyFunctionCode(stack, functionCodeDirs(stack, functionCode));
}

/**
 * Checks the `functionCode` option against the stack's functions (as {@link withFunctionCode}) and
 * returns each overridden function's code folder by logical id, for {@link applyFunctionCode}.
 */
export function functionCodeDirs(stack: StackSpec, functionCode: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  const byLogicalId = new Map<string, string>();
  for (const [name, dir] of Object.entries(functionCode)) {
    const fn = stack.functions.find((candidate) => [candidate.name, candidate.logicalId, candidate.functionName].some((id) => id.toLowerCase() === name.toLowerCase()));
    if (fn === undefined) {
      throw new RuntimeOptionsError(`functionCode: the stack has no function '${name}' (it has ${stack.functions.map((candidate) => candidate.name).join(', ')})`);
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuntimeOptionsError(`functionCode: ${dir} (for ${fn.name}) is not a folder`);
    const file = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
    if (!HANDLER_EXTENSIONS.some((extension) => existsSync(join(dir, `${file}${extension}`)))) {
      throw new RuntimeOptionsError(`functionCode: ${dir} has no ${file}.mjs/.js/.cjs for ${fn.name}'s handler '${fn.handler}'`);
    }
    byLogicalId.set(fn.logicalId, dir);
  }
  return byLogicalId;
}

/** Sets the code folder of the functions in `dirs` (by logical id, from {@link functionCodeDirs}); checks nothing. */
export function applyFunctionCode(stack: StackSpec, dirs: ReadonlyMap<string, string>): StackSpec {
  if (dirs.size === 0) return stack;
  return { ...stack, functions: stack.functions.map((fn) => (dirs.has(fn.logicalId) ? { ...fn, assetDir: dirs.get(fn.logicalId)! } : fn)) };
}
