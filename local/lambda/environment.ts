import { randomBytes } from 'node:crypto';
import type { FunctionSpec } from '../template/specs.js';

/** Fake credentials every instance gets; the emulators accept anything. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SESSION_TOKEN: 'test' } as const;

/** Parent variables an instance may inherit (Lambda sets its own `PATH`; these keep child tools working). */
const INHERITED = ['PATH', 'HOME'] as const;

/** A CloudWatch-style log stream name for a new instance: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
export function logStreamName(now = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** `nodejs24.x` → `AWS_Lambda_nodejs24.x`, as `AWS_EXECUTION_ENV` reads on Lambda. */
export const executionEnvironment = (runtime: string): string => `AWS_Lambda_${runtime}`;

/**
 * The environment of one instance: `PATH`/`HOME` from this process, the function's variables,
 * Lambda's runtime variables (which, as on Lambda, the function's variables cannot override), then
 * `extra` (the local runtime's endpoints) over everything. Nothing else of `process.env` leaks in.
 */
export function instanceEnvironment(
  spec: FunctionSpec,
  options: { readonly region: string; readonly logStreamName: string; readonly extra: Readonly<Record<string, string>> },
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const inherited = Object.fromEntries(INHERITED.flatMap((name) => (parent[name] === undefined ? [] : [[name, parent[name] as string]])));
  return {
    ...inherited,
    ...spec.environment,
    ...runtimeVariables(spec, options.region, options.logStreamName),
    ...options.extra,
  };
}

function runtimeVariables(spec: FunctionSpec, region: string, streamName: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: streamName,
    // Powertools reads it to decide on the ColdStart metric.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: executionEnvironment(spec.runtime),
    LAMBDA_TASK_ROOT: spec.assetDir,
    _HANDLER: spec.handler,
    LANG: 'en_US.UTF-8',
    ...FAKE_CREDENTIALS,
  };
}
