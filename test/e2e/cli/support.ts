import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENVELOPE_VERSION } from '../../../contract/index.js';
import { serializeEnvelope } from '../../../functions/shared/envelope.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../../local/runtime-process.js';
import { type E2eTarget, readTarget } from '../support/target.js';

/** The repository: the CLI runs from here, as `npx conveyor` would. */
export const projectDir = resolve(import.meta.dirname, '..', '..', '..');

/** What a finished CLI run printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI process still running. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when it exits. */
  readonly exited: Promise<CliResult>;
}

/** The test's environment without the variables the CLI reads (so only the arguments count). */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CONVEYOR_TARGET', 'CONVEYOR_OUTPUTS', 'CONVEYOR_STATE_DIR', 'CONVEYOR_STACK', 'CONVEYOR_API_KEY']) delete env[name];
  return env;
}

/** Starts `node bin/conveyor.mjs <args>` with the runtime's state folder. */
export function spawnCli(stateDir: string, args: readonly string[], input?: string): CliProcess {
  const child = spawn(process.execPath, ['bin/conveyor.mjs', '--state-dir', stateDir, ...args], {
    cwd: projectDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: cliEnv(),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdin?.end(input ?? '');
  const exited = new Promise<CliResult>((done) => child.once('close', (code) => done({ code, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the CLI to the end (killed after `timeoutMs`). */
export async function runCli(stateDir: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const cli = spawnCli(stateDir, args, options.input);
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A runtime of its own for one test file, with clients for its queues and tables. */
export interface CliRuntime {
  readonly stateDir: string;
  readonly target: E2eTarget;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  stop(): Promise<void>;
}

/**
 * Starts the embedded runtime in `.conveyor/<name>` as `npm start` would. With `context`
 * (`['fifo=true']`, passed as `-c`), the assembly goes to the state folder's own `cdk.out`, so the
 * shared one other files use is not synthesized over.
 */
export async function startCliRuntime(name: string, context: readonly string[] = []): Promise<CliRuntime> {
  const stateDir = join(projectDir, '.conveyor', name);
  const args = context.length === 0 ? [] : ['--output', join(stateDir, 'cdk.out'), ...context.flatMap((pair) => ['-c', pair])];
  const runtime: RuntimeProcess = await startRuntimeProcess(projectDir, stateDir, args);
  const target = readTarget('embedded', runtime.outputsFile);
  const aws = { region: target.region, endpoint: target.awsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const sqs = new SQSClient({ ...aws, useQueueUrlAsEndpoint: false });
  const dynamodb = new DynamoDBClient(aws);
  return {
    stateDir,
    target,
    sqs,
    dynamodb,
    stop: async () => {
      sqs.destroy();
      dynamodb.destroy();
      const code = await runtime.stop();
      if (code !== 0) throw new Error(`the runtime did not stop cleanly (exit ${String(code)}):\n${runtime.output().slice(-3000)}`);
    },
  };
}

/** The account's ledger row (balance in cents, credits applied); zeros when it has none. */
export async function ledger(runtime: CliRuntime, account: string): Promise<{ balance: number; credits: number }> {
  const { Item } = await runtime.dynamodb.send(new GetItemCommand({ TableName: runtime.target.ledgerTableName, Key: { account: { S: account } }, ConsistentRead: true }));
  return { balance: Number(Item?.balance?.N ?? 0), credits: Number(Item?.credits?.N ?? 0) };
}

/** Polls until `probe` returns true, or fails after `timeoutMs` naming `what`. */
export async function waitFor(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Puts a body on the dead-letter queue directly; returns its DLQ message id. */
export async function putDeadLetter(runtime: CliRuntime, body: string): Promise<string> {
  const { MessageId } = await runtime.sqs.send(new SendMessageCommand({ QueueUrl: runtime.target.deadLetterQueueUrl, MessageBody: body }));
  return MessageId as string;
}

/** A valid `ledger.credit` envelope, as the producer would have queued it. */
export const creditEnvelope = (key: string, account: string, amount: number): string =>
  serializeEnvelope({ v: ENVELOPE_VERSION, id: key, type: 'ledger.credit', payload: { account, amount }, acceptedAt: Date.now() });
