import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Repository root: entries and the lock file are resolved from here, not from the working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Handler entry files, relative to the repository root (infra never imports them). The producer's
 * and the consumers' entries are generated from the config (`entries.ts`).
 */
export const FUNCTION_ENTRIES = {
  /** `GET /messages/{id}` → the idempotency record. */
  status: 'functions/status/index.ts',
} as const;

/**
 * Lambda runtime of every function: Node.js 24 LTS, the same major the local runtime, the tests and
 * the benchmarks run on (the exact-pinned `node-<platform>` optional dependencies in package.json).
 * Moving to another major means moving both; `test/local/node-runtime.test.ts` fails until they agree.
 */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The esbuild target for {@link FUNCTION_RUNTIME}: `nodejs24.x` → `node24`. */
export const BUNDLE_TARGET = FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1');

/** Why AwsSolutions-L1 ("not the latest runtime") is acknowledged while the CDK knows a newer Node runtime. */
const RUNTIME_PIN_REASON =
  'Pinned to Node.js 24 LTS on purpose: the local runtime, the tests and the benchmarks run the same major (installed from the npm ' +
  'registry by npm ci), so what is proven locally is what runs on Lambda. A newer major is adopted by changing FUNCTION_RUNTIME ' +
  'and the node-<platform> pins together; a test fails while they disagree.';

/**
 * Shared esbuild options: a minified ESM bundle with the AWS SDK inside
 * (pinned versions, tree-shaken), a `require` shim for CommonJS dependencies, the SDK's
 * credential chain reduced to the environment variables Lambda sets (`functions/shared/env-credentials.ts`),
 * and its event-stream support left out (`functions/shared/no-event-streams.ts`).
 */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: BUNDLE_TARGET,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: [],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  esbuildArgs: {
    // Credentials from the environment only (all Lambda ever uses): ~30 ms less init. See the file.
    '--alias:@aws-sdk/credential-provider-node': './functions/shared/env-credentials.ts',
    // No event streams (no SQS or DynamoDB operation has one): ~19 KB and ~4 ms of CPU less init. See the file.
    '--alias:@smithy/core/event-streams': './functions/shared/no-event-streams.ts',
  },
};

/** Options of `createConveyorFunction`. */
export interface ConveyorFunctionOptions {
  /** Entry file, absolute or relative to the repository root. */
  readonly entry: string;
  /** Human-readable purpose, set as the function description. */
  readonly description: string;
  /** Memory in MB. */
  readonly memorySize: number;
  /** Function timeout. */
  readonly timeout: Duration;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
  /** Plain (non-resource) environment variables; resource names are added by the `bind*` helpers. */
  readonly environment: Record<string, string>;
}

/** A function with its own role and log group. */
export interface ConveyorFunction {
  /** The bundled function. */
  readonly fn: nodejs.NodejsFunction;
  /** Its execution role: trusted by Lambda, allowed only to write its own log group until `bind*` grants more. */
  readonly role: iam.Role;
  /** Its log group (removed with the stack: logs are operational, not business data). */
  readonly logGroup: logs.LogGroup;
}

/**
 * Creates `<id>` (NodejsFunction), `<id>Role` and `<id>LogGroup` in `scope`
 * with Conveyor's shared defaults: arm64, the runtime above, local esbuild
 * bundling, and a role that can only write to its own log group (instead of
 * the AWSLambdaBasicExecutionRole managed policy, which allows every log group).
 */
export function createConveyorFunction(scope: Construct, id: string, options: ConveyorFunctionOptions): ConveyorFunction {
  const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
    retention: options.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the Conveyor ${id} function`,
  });
  logGroup.grantWrite(role);

  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: resolve(REPO_ROOT, options.entry),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    description: options.description,
    runtime: FUNCTION_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize,
    timeout: options.timeout,
    role,
    logGroup,
    environment: options.environment,
    bundling: BUNDLING,
  });
  if (FUNCTION_RUNTIME.name !== newestNodeRuntime()) {
    Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: RUNTIME_PIN_REASON });
  }

  return { fn, role, logGroup };
}

/** The newest `nodejsNN.x` this CDK version knows (what cdk-nag's AwsSolutions-L1 compares against). */
export function newestNodeRuntime(): string | undefined {
  const major = (name: string) => Number(/^nodejs(\d+)\.x$/.exec(name)?.[1] ?? NaN);
  return lambda.Runtime.ALL.map((runtime) => runtime.name).filter((name) => Number.isFinite(major(name))).sort((a, b) => major(a) - major(b)).pop();
}
