import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
}

/** Whether the assembly was reused or made anew, and how long that took. */
export interface SynthResult {
  readonly outputDir: string;
  readonly cached: boolean;
  readonly durationMs: number;
}

/**
 * What the synthesized output depends on: infrastructure and function sources, settings (the app's
 * `conveyor.config.ts`, which `infra/config/` loads under that name, and cdk.json), locked versions.
 */
const INPUT_DIRS = ['contract', 'infra', 'functions'];
const INPUT_FILES = [CONVEYOR_CONFIG_FILE, 'cdk.json', 'package-lock.json', 'tsconfig.json'];
const STAMP_FILE = '.conveyor-synth.json';

/**
 * Runs `cdk synth` unless the assembly folder was produced from exactly the current sources: a hash
 * of the infra and function sources, `conveyor.config.ts`, `cdk.json`, the lockfile and the context is kept in the
 * assembly folder and compared on the next start. Each context set has its own folder by default,
 * so switching contexts reuses each one's assembly.
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
  await runCdkSynth(options.projectDir, outputDir, context);
  writeFileSync(stampPath, `${JSON.stringify({ inputsHash: hash, synthesizedAt: new Date().toISOString() })}\n`);
  return { outputDir, cached: false, durationMs: performance.now() - started };
}

/** sha256 over the relative path and content of every input file, and the context pairs (in canonical order). */
export function inputsHash(projectDir: string, context: readonly string[]): string {
  const hash = createHash('sha256');
  const files = [
    ...INPUT_DIRS.flatMap((dir) => listFiles(join(projectDir, dir))),
    ...INPUT_FILES.map((file) => join(projectDir, file)).filter((file) => existsSync(file)),
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

function runCdkSynth(projectDir: string, outputDir: string, context: readonly string[]): Promise<void> {
  const cli = join(projectDir, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const args = [cli, 'synth', '--quiet', '--output', outputDir, ...context.flatMap((pair) => ['--context', pair])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new SynthError(`cannot run the CDK CLI (${cli}): ${error.message}; run 'npm ci' first`, output, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new SynthError(`'cdk synth' failed with exit code ${String(code)}`, output));
    });
  });
}
