/**
 * The project root the operator tools resolve relative paths against, found as npm finds it: the
 * nearest folder, from the working directory up, that holds a `package.json`.
 *
 * Why the nearest `package.json` rather than the nearest `.conveyor/` or `cdk.json`: the files the
 * CLI reads are written by npm scripts — `npm start` writes `.conveyor/local.json` and `npm run
 * deploy` writes `cdk-outputs.json` — and npm runs every script in exactly that folder (its "local
 * prefix"), wherever in the project it was typed. Looking for `.conveyor/` instead would miss a
 * runtime that has not started yet (and name the wrong folder in the error), and would pick up a
 * stray state folder in a subfolder; `cdk` itself reads `cdk.json` from the working directory only.
 * So the CLI looks where npm put the files.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file that marks a project root. */
export const PROJECT_MARKER = 'package.json';

/**
 * The nearest folder at or above `from` that holds a `package.json` (a file); `from` itself (made
 * absolute) when no folder up to the file system's root has one, as npm does.
 * @param from where to start. @default process.cwd()
 */
export function findProjectRoot(from: string = process.cwd()): string {
  const start = resolve(from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (isFile(join(dir, PROJECT_MARKER))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
