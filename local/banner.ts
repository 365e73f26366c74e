import type { LocalRuntime } from './runtime.js';

/**
 * The lines `npm start` prints once the runtime is ready: where everything is and a request to try.
 * `readyMs` is the time since the process started (the CLI passes `performance.now()`).
 */
export function banner(runtime: LocalRuntime, options: { endpoint?: string | undefined; readyMs?: number } = {}): string {
  const { outputs, apiUrl, apiKey } = runtime;
  const seconds = ((options.readyMs ?? runtime.startupMs) / 1000).toFixed(1);
  const synth = runtime.synth === undefined ? 'synth skipped' : runtime.synth.cached ? 'synth cached' : `synthesized in ${(runtime.synth.durationMs / 1000).toFixed(1)} s`;
  const rows: [string, string | undefined][] = [
    ['API', `${apiUrl}  (POST messages, POST messages/batch)`],
    ['API key', `${apiKey}  (header x-api-key)`],
    ['Dashboard', `${runtime.runtimeUrl}/_conveyor/  (live throughput, latency, queues, dead letters)`],
    ['AWS endpoint', `${runtime.awsEndpoint}  (SQS and DynamoDB${options.endpoint ? ` → ${options.endpoint}` : ': embedded fauxqs and dynalite'})`],
    ['Queue', outputs.QueueUrl],
    ['Dead-letter queue', outputs.DeadLetterQueueUrl],
    ['Tables', [outputs.IdempotencyTableName, outputs.LedgerTableName].filter(Boolean).join(', ')],
    ['Outputs file', runtime.outputsFile],
    ['Faults', `${runtime.runtimeUrl}/_conveyor/faults`],
    ['Metrics', `${runtime.runtimeUrl}/_conveyor/metrics`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const body = JSON.stringify({ type: 'ledger.credit', payload: { account: 'acc-1', amount: 5 } });
  return [
    `Conveyor (${runtime.stack.stackName}) is running locally — ready in ${seconds} s (${synth})`,
    ...rows.filter(([, value]) => value).map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Try:',
    `  curl -s -X POST ${apiUrl}messages -H 'x-api-key: ${apiKey}' -H 'content-type: application/json' -d '${body}'`,
    '',
    'Ctrl-C to stop.',
    '',
  ].join('\n');
}
