import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudAssemblyError } from '../errors.js';

/** A CloudFormation resource as it appears in a synthesized template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** The parts of a synthesized CloudFormation template the runtime reads. */
export interface Template {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value: unknown; Description?: string }>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
}

/** One stack of a cloud assembly (`cdk.out`). */
export interface StackArtifact {
  readonly stackName: string;
  /** Absolute path of the `cdk.out` folder; assets are resolved against it. */
  readonly assemblyDir: string;
  readonly template: Template;
  /** From the artifact's environment (`aws://account/region`); `unknown-*` when environment-agnostic. */
  readonly region?: string;
  readonly account?: string;
}

interface Manifest {
  readonly artifacts?: Record<string, {
    readonly type: string;
    readonly environment?: string;
    readonly displayName?: string;
    readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
  }>;
}

/**
 * Reads one stack of the cloud assembly in `assemblyDir`: the only stack, or the one named `stackName`.
 * Throws {@link CloudAssemblyError} naming what is missing and how to produce it.
 */
export function readStackArtifact(assemblyDir: string, stackName?: string): StackArtifact {
  const dir = resolve(assemblyDir);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new CloudAssemblyError(`no cloud assembly at ${dir} (manifest.json missing): run 'npx cdk synth' first`);
  }
  const manifest = readJson<Manifest>(manifestPath);
  const stacks = Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([id, artifact]) => ({ id, name: artifact.properties?.stackName ?? artifact.displayName ?? id, artifact }));
  if (stacks.length === 0) throw new CloudAssemblyError(`the cloud assembly at ${dir} holds no stack`);
  const chosen = stackName === undefined ? stacks : stacks.filter((stack) => stack.name === stackName || stack.id === stackName);
  if (chosen.length !== 1) {
    const names = stacks.map((stack) => stack.name).join(', ');
    throw new CloudAssemblyError(stackName === undefined
      ? `the cloud assembly holds several stacks (${names}); choose one with --stack`
      : `no stack named '${stackName}' in the cloud assembly (it holds: ${names})`);
  }
  const [{ name, artifact }] = chosen as [(typeof chosen)[number]];
  const templateFile = artifact.properties?.templateFile;
  if (templateFile === undefined) throw new CloudAssemblyError(`stack '${name}' has no templateFile in manifest.json`);
  const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
  return {
    stackName: name,
    assemblyDir: dir,
    template: readJson<Template>(join(dir, templateFile)),
    ...(region !== undefined && !region.startsWith('unknown-') ? { region } : {}),
    ...(account !== undefined && !account.startsWith('unknown-') ? { account } : {}),
  };
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new CloudAssemblyError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
