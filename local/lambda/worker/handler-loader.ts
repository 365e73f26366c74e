import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serializeError } from './errors.js';
import type { WorkerError } from './protocol.js';

/** A handler as Lambda calls it: async (2 args) or callback style (3 args). */
export type Handler = (event: unknown, context: object, callback: (error?: unknown, result?: unknown) => void) => unknown;

/** The loaded handler, or why it could not be loaded. */
export type LoadOutcome = { readonly ok: true; readonly handler: Handler } | { readonly ok: false; readonly error: WorkerError };

const EXTENSIONS = ['.mjs', '.js', '.cjs'] as const;

/**
 * Imports the handler module from `assetDir` as Lambda's Node runtime does: `dir/file.export`
 * names `dir/file.mjs` (else `.js`, else `.cjs`) and its export `export` (dots for nested properties).
 */
export async function loadHandler(assetDir: string, handlerSetting: string): Promise<LoadOutcome> {
  const { modulePath, exportPath } = parseHandler(handlerSetting);
  const file = EXTENSIONS.map((extension) => join(assetDir, modulePath + extension)).find((candidate) => existsSync(candidate));
  if (file === undefined) {
    return failure('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: serializeError(error, importErrorType(error)) };
  }
  const handler = resolveExport(module, exportPath);
  if (typeof handler !== 'function') {
    return failure('Runtime.HandlerNotFound', `${handlerSetting} is undefined or not exported`);
  }
  return { ok: true, handler: handler as Handler };
}

function parseHandler(setting: string): { modulePath: string; exportPath: string[] } {
  const slash = setting.lastIndexOf('/');
  const directory = setting.slice(0, slash + 1);
  const [file = '', ...exportPath] = setting.slice(slash + 1).split('.');
  return { modulePath: directory + file, exportPath };
}

function resolveExport(module: Record<string, unknown>, path: readonly string[]): unknown {
  const walk = (root: unknown) => path.reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string, unknown>)[key]), root);
  // A CommonJS module imported with import() puts module.exports on `default`.
  return walk(module) ?? walk(module.default);
}

function importErrorType(error: unknown): string | undefined {
  if (error instanceof SyntaxError) return 'Runtime.UserCodeSyntaxError';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'Runtime.ImportModuleError';
  return undefined;
}

const failure = (errorType: string, errorMessage: string): LoadOutcome => ({ ok: false, error: { errorType, errorMessage, stackTrace: [] } });
