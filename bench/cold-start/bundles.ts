import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readStackArtifact } from '../../local/template/cloud-assembly.js';
import { resolveString, type ResolutionContext } from '../../local/template/intrinsics.js';
import { PhysicalNames, shortName } from '../../local/template/physical-names.js';
import { BenchError } from '../errors.js';

/** One bundle to time: a function of the template, or an extra build (a reference consumer). */
export interface BundleUnderTest {
  /** Short name: `Producer`, `Consumer`, or the extra bundle's name. */
  readonly name: string;
  /** Absolute path of the file the handler lives in (`index.mjs`). */
  readonly file: string;
  /** Name of the exported handler function (`index.handler` → `handler`). */
  readonly exportName: string;
  /** Variables the function's module init may read (the template's, resolved to plausible local values). */
  readonly environment: Readonly<Record<string, string>>;
}

/** Region every probe runs in. */
export const PROBE_REGION = 'us-east-1';

/** Endpoint queue URLs are made from; nothing is ever sent to it (module init sends nothing). */
const PLACEHOLDER_SQS_ENDPOINT = 'http://127.0.0.1:9324';

/**
 * Every `AWS::Lambda::Function` of the only stack in `assemblyDir`, with its bundle file and its
 * environment variables resolved the way the local runtime resolves them; a variable whose
 * intrinsic has no local value becomes `placeholder-<NAME>`.
 * Throws {@link BenchError} `BUNDLE_NOT_FOUND` when a function has no bundled asset.
 */
export function findFunctionBundles(assemblyDir: string): BundleUnderTest[] {
  const artifact = readStackArtifact(assemblyDir);
  const names = new PhysicalNames(artifact, { region: PROBE_REGION, sqsEndpoint: PLACEHOLDER_SQS_ENDPOINT });
  return Object.entries(artifact.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') throw new BenchError('BUNDLE_NOT_FOUND', `function ${logicalId} has no bundled asset (Metadata aws:asset:path)`);
      const props = resource.Properties ?? {};
      const [moduleName = 'index', exportName = 'handler'] = String(props.Handler ?? 'index.handler').split('.');
      const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      return {
        name: shortName(logicalId, resource),
        file: bundleFile(join(artifact.assemblyDir, assetPath), moduleName),
        exportName,
        environment: resolveEnvironment(variables, names),
      };
    });
}

/** Resolves template environment variables to strings; unresolvable ones become `placeholder-<NAME>`. */
export function resolveEnvironment(variables: Readonly<Record<string, unknown>>, names: ResolutionContext): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => {
    try {
      return [key, resolveString(value, names, `environment variable ${key}`)];
    } catch {
      return [key, `placeholder-${key}`];
    }
  }));
}

/**
 * What Lambda itself sets for a function (region, name, memory, fake credentials), without `PATH`;
 * function variables go on top.
 */
export function lambdaEnvironment(functionName: string): Record<string, string> {
  return {
    AWS_REGION: PROBE_REGION,
    AWS_DEFAULT_REGION: PROBE_REGION,
    AWS_ACCESS_KEY_ID: 'AKIDCOLDSTARTBENCH',
    AWS_SECRET_ACCESS_KEY: 'cold-start-bench-secret',
    AWS_SESSION_TOKEN: 'cold-start-bench-token',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The handler module in an asset folder: `<module>.mjs`, else `.js`, else `.cjs`. */
export function bundleFile(dir: string, moduleName = 'index'): string {
  const candidates = ['.mjs', '.js', '.cjs'].map((extension) => join(dir, `${moduleName}${extension}`));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new BenchError('BUNDLE_NOT_FOUND', `no ${moduleName}.mjs/.js/.cjs in ${dir}: build or synth it first`);
  return found;
}

/** Size of a bundle file, bytes, and gzipped at zlib's default level, bytes (about what the deployment zip holds). */
export function bundleSize(file: string): { bundleBytes: number; gzipBytes: number } {
  const bytes = readFileSync(file);
  return { bundleBytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}
