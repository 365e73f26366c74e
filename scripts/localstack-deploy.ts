/**
 * `npm run localstack:deploy`: deploys the Conveyor stack to a running LocalStack and writes
 * `.conveyor/localstack-outputs.json`, ready for `conveyor --target localstack` and
 * `CONVEYOR_E2E_TARGET=localstack npm run test:e2e`.
 *
 * Steps: check LocalStack answers (`/_localstack/health`), `cdklocal bootstrap`,
 * `cdklocal deploy --require-approval never --outputs-file …`, rewrite the outputs for LocalStack
 * (API URL, endpoint, region, the API key's value), then wait until the API answers.
 *
 * Environment: `LOCALSTACK_ENDPOINT` (@default http://localhost:4566), `AWS_REGION` (@default us-east-1),
 * `CONVEYOR_LOCALSTACK_OUTPUTS` (@default .conveyor/localstack-outputs.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_LOCALSTACK_ENDPOINT, resolveTarget } from '../ops/targets.js';
import { localstackOutputs } from './localstack-outputs.js';
import { apiExportLines } from '../ops/shell-exports.js';

const projectDir = resolve(import.meta.dirname, '..');
const endpoint = process.env.LOCALSTACK_ENDPOINT ?? DEFAULT_LOCALSTACK_ENDPOINT;
const region = process.env.AWS_REGION ?? 'us-east-1';
const outputsFile = process.env.CONVEYOR_LOCALSTACK_OUTPUTS ?? join('.conveyor', 'localstack-outputs.json');
/** How long to wait for the deployed API to answer, ms. */
const API_WAIT_MS = 120_000;

/** Fails with one line when LocalStack does not answer its health endpoint. */
async function checkLocalstack(): Promise<void> {
  const url = `${endpoint}/_localstack/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    if (response.ok) return;
    throw new Error(`it answered ${response.status}`);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`LocalStack does not answer at ${url} (${cause}); start it with \`docker compose up -d --wait\` (or set LOCALSTACK_ENDPOINT)`);
  }
}

/** Runs `cdklocal <args>` from node_modules, output to this terminal; throws on a non-zero exit. */
function cdklocal(args: readonly string[]): void {
  console.log(`$ cdklocal ${args.join(' ')}`);
  const bin = join(projectDir, 'node_modules', '.bin', 'cdklocal');
  const edge = new URL(endpoint);
  const result = spawnSync(bin, args, {
    cwd: projectDir,
    stdio: 'inherit',
    // cdklocal reads the edge port and host from these, not from an endpoint URL.
    env: { ...process.env, EDGE_PORT: edge.port || '4566', LOCALSTACK_HOSTNAME: edge.hostname, AWS_REGION: region },
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`cdklocal ${args[0] ?? ''} failed (exit ${String(result.status)})`);
}

/** Polls `url` until it answers with any HTTP status (a 403 without a key counts). */
async function waitForApi(url: string): Promise<void> {
  const deadline = Date.now() + API_WAIT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}messages`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status !== 404 && response.status < 500) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((done) => setTimeout(done, 2_000));
  }
  throw new Error(`the API at ${url} did not answer within ${API_WAIT_MS / 1000} s (last: ${last})`);
}

async function main(): Promise<void> {
  await checkLocalstack();
  cdklocal(['bootstrap']);
  mkdirSync(dirname(join(projectDir, outputsFile)), { recursive: true });
  cdklocal(['deploy', '--require-approval', 'never', '--outputs-file', outputsFile]);

  const target = await resolveTarget({ target: 'localstack', outputsFile, projectDir, endpoint, region });
  const outputs = localstackOutputs(target.outputs, { endpoint, region, apiKey: await target.apiKey() });
  writeFileSync(join(projectDir, outputsFile), `${JSON.stringify({ [target.stackName]: outputs }, null, 2)}\n`);
  await waitForApi(outputs.ApiUrl as string);

  console.log(`\nConveyor (${target.stackName}) is deployed on LocalStack`);
  console.log(`  API           ${outputs.ApiUrl}  (header x-api-key: ${outputs.ApiKey})`);
  console.log(`  Queue         ${outputs.QueueUrl}`);
  console.log(`  Outputs file  ${outputsFile}`);
  console.log(`  e2e           CONVEYOR_E2E_TARGET=localstack CONVEYOR_E2E_OUTPUTS=${outputsFile} npm run test:e2e`);
  console.log('\nFor the README\'s examples, paste:');
  for (const line of apiExportLines({ apiUrl: outputs.ApiUrl as string, apiKey: outputs.ApiKey as string })) console.log(`  ${line}`);
}

main().catch((error: unknown) => {
  console.error(`localstack:deploy: ${(error as Error).message}`);
  process.exitCode = 1;
});
