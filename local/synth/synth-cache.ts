import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { assemblyDir, canonicalContext } from './assembly-dir.js';
import { SynthError } from '../errors.js';
import { CONVEYOR_CONFIG_FILE } from '../../contract/index.js';

/** Options for {@link ensureSynthesized}. */
export interface SynthOptions {
  /** Project root (where `cdk.json` is). */
  readonly projectDir: string;
  /** Cloud assembly folder. @default `assemblyDir(projectDir, context)`: `cdk.out`, or `cdk.out.<hash>` with context */
  readonly outputDir?: string;
  /** `-c key=value` pairs passed to `cdk synth` (in canonical order); part of the cache key. @default [] */
  readonly context?: readonly string[];
  /** Synthesize even when nothing changed. @default false */
  readonly force?: boolean;
  /** Called with a line to show while synthesizing. */
  readonly onProgress?: (message: string) => void;
  /** Stops a synth in progress (the CDK CLI's process group is killed); the attempt then fails with `SynthError`. */
  readonly signal?: AbortSignal;
}

/** Whether the assembly was reused or made anew, and how long that took. */
export interface SynthResult {
  readonly outputDir: string;
  readonly cached: boolean;
  readonly durationMs: number;
}

/**
 * What the synthesized output depends on: infrastructure and function sources, the project's
 * message-type modules (`handlers/`), settings (the app's `conveyor.config.ts`, which `infra/config/`
 * loads under that name, and cdk.json), locked versions.
 */
const INPUT_DIRS = ['contract', 'infra', 'functions', 'handlers'];
const INPUT_FILES = [CONVEYOR_CONFIG_FILE, 'cdk.json', 'package-lock.json', 'tsconfig.json'];
const STAMP_FILE = '.conveyor-synth.json';
/** A type's `module: './path.ts'` in `conveyor.config.ts` (read as text: the runtime never runs the config). */
const CONFIG_MODULE = /\bmodule\s*:\s*(['"])([^'"\n]+)\1/g;

/** The files and folders a synthesized assembly depends on, as absolute paths; what the cache hashes and `--watch` watches. */
export interface SynthInputs {
  /** Folders read whole (recursively, `node_modules` left out): `contract/`, `infra/`, `functions/`, `handlers/`. */
  readonly dirs: readonly string[];
  /**
   * Single files: `conveyor.config.ts`, `cdk.json`, the lockfile, `tsconfig.json`, and every module the
   * config names (`module: './…'`) outside those folders. Listed whether or not they exist.
   */
  readonly files: readonly string[];
}

/** The inputs of a synth in `projectDir` (see {@link SynthInputs}). */
export function synthInputs(projectDir: string): SynthInputs {
  const dirs = INPUT_DIRS.map((dir) => join(projectDir, dir));
  const inside = (file: string) => dirs.some((dir) => !relative(dir, file).startsWith('..'));
  const files = [...INPUT_FILES.map((file) => join(projectDir, file)), ...configModules(projectDir).filter((file) => !inside(file))];
  return { dirs, files: [...new Set(files)] };
}

/** The modules `conveyor.config.ts` names, resolved from the project root; none when it is missing. */
function configModules(projectDir: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(projectDir, CONVEYOR_CONFIG_FILE), 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(CONFIG_MODULE)].map((match) => match[2] as string)
    .filter((path) => !isAbsolute(path) && path.startsWith('.'))
    .map((path) => resolve(projectDir, path));
}

/**
 * Runs `cdk synth` unless the assembly folder was produced from exactly the current sources: a hash
 * of the {@link synthInputs} (infra, function and handler sources, `conveyor.config.ts` and the
 * modules it names, `cdk.json`, the lockfile) and the context is kept in the assembly folder and
 * compared on the next start. Each context set has its own folder by default, so switching contexts
 * reuses each one's assembly. The stamp is removed before `cdk synth` runs and written once it has
 * succeeded, so a synth that failed or was stopped half-way never passes for a finished one.
 */
export async function ensureSynthesized(options: SynthOptions): Promise<SynthResult> {
  const started = performance.now();
  const context = canonicalContext(options.context ?? []);
  const outputDir = options.outputDir ?? assemblyDir(options.projectDir, context);
  const hash = inputsHash(options.projectDir, context);
  const stampPath = join(outputDir, STAMP_FILE);
  if (!options.force && existsSync(join(outputDir, 'manifest.json')) && readStamp(stampPath) === hash) {
    return { outputDir, cached: true, durationMs: performance.now() - started };
  }
  options.onProgress?.('synthesizing the app (cdk synth) …');
  rmSync(stampPath, { force: true });
  await runCdkSynth(options.projectDir, outputDir, context, options.signal);
  writeFileSync(stampPath, `${JSON.stringify({ inputsHash: hash, synthesizedAt: new Date().toISOString() })}\n`);
  return { outputDir, cached: false, durationMs: performance.now() - started };
}

/** sha256 over the relative path and content of every input file, and the context pairs (in canonical order). */
export function inputsHash(projectDir: string, context: readonly string[]): string {
  const hash = createHash('sha256');
  const inputs = synthInputs(projectDir);
  const files = [
    ...inputs.dirs.flatMap((dir) => listFiles(dir)),
    ...inputs.files.filter((file) => existsSync(file) && statSync(file).isFile()),
  ].sort();
  for (const file of files) hash.update(relative(projectDir, file)).update('\0').update(readFileSync(file)).update('\0');
  hash.update(JSON.stringify(canonicalContext(context)));
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(path);
    return entry.isFile() && statSync(path).size < 10_000_000 ? [path] : [];
  });
}

function readStamp(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { inputsHash?: string }).inputsHash;
  } catch {
    return undefined;
  }
}

function runCdkSynth(projectDir: string, outputDir: string, context: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  // Resolved as Node resolves packages from the project: its own node_modules, or a workspace root's above it.
  let cli: string;
  try {
    cli = createRequire(join(projectDir, 'package.json')).resolve('aws-cdk/bin/cdk');
  } catch (error) {
    return Promise.reject(new SynthError(`the AWS CDK CLI (package aws-cdk) is not installed in ${projectDir} or above it: run npm ci`, '', { cause: error }));
  }
  const args = [cli, 'synth', '--quiet', '--output', outputDir, ...context.flatMap((pair) => ['--context', pair])];
  if (signal?.aborted) return Promise.reject(new SynthError("'cdk synth' was stopped before it started", ''));
  // A synth that can be stopped runs in a process group of its own, so that stopping it ends the app
  // and esbuild that the CDK CLI started too (not on Windows, where groups work differently).
  const group = signal !== undefined && process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
    const stop = () => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        // Already gone.
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    child.on('close', () => signal?.removeEventListener('abort', stop));
    let output = '';
    const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new SynthError(`cannot run the CDK CLI (${cli}): ${error.message}; run 'npm ci' first`, output, { cause: error })));
    child.on('close', (code) => {
      if (code === 0 && !signal?.aborted) resolve();
      else if (signal?.aborted) reject(new SynthError("'cdk synth' was stopped", output));
      else reject(new SynthError(`'cdk synth' failed with exit code ${String(code)}`, output));
    });
  });
}
