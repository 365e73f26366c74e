import { relative } from 'node:path';
import { QUEUES_OUTPUT, TABLES_OUTPUT } from '../contract/index.js';
import { queueKindOf } from '../ops/queue-kind.js';
import { parseQueuesOutput, parseTablesOutput } from '../ops/queue-outputs.js';
import { apiExportLines, exampleCurl } from '../ops/shell-exports.js';
import type { QueueFigures } from './admin/queue-stats.js';
import type { LocalRuntime } from './runtime.js';
import { describeReset } from './state/emulator-data.js';

/**
 * The lines `npm start` prints once the runtime is ready: where everything is and a request to try.
 * `readyMs` is the time since the process started (the CLI passes `performance.now()`).
 */
export function banner(runtime: LocalRuntime, options: { endpoint?: string | undefined; readyMs?: number; queues?: readonly QueueFigures[] } = {}): string {
  const { outputs, apiUrl, apiKey } = runtime;
  const seconds = ((options.readyMs ?? runtime.startupMs) / 1000).toFixed(1);
  const synth = runtime.synth === undefined ? 'synth skipped' : runtime.synth.cached ? 'synth cached' : `synthesized in ${(runtime.synth.durationMs / 1000).toFixed(1)} s`;
  const rows: [string, string | undefined][] = [
    ['API', `${apiUrl}  (POST messages, POST messages/batch)`],
    ['API key', `${apiKey}  (header x-api-key)`],
    ['Dashboard', `${runtime.runtimeUrl}/_conveyor/  (live throughput, latency, queues, dead letters)`],
    ['AWS endpoint', `${runtime.awsEndpoint}  (SQS and DynamoDB${options.endpoint ? ` → ${options.endpoint}` : ': embedded fauxqs and dynalite'})`],
    ...queueRows(outputs),
    ['Tables', [outputs.IdempotencyTableName, ...tableNames(outputs)].filter(Boolean).join(', ')],
    ['State', stateLine(runtime, options.queues)],
    ['Outputs file', runtime.outputsFile],
    ['Watching', runtime.watching === undefined ? undefined : `${runtime.watching.join(', ')}  (a change synthesizes again and reloads the stack; messages and items are kept)`],
    ['Faults', `${runtime.runtimeUrl}/_conveyor/faults`],
    ['Metrics', `${runtime.runtimeUrl}/_conveyor/metrics`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const fifo = queueKindOf(outputs.QueueUrl) === 'fifo';
  return [
    ...(runtime.state.reset ? [`--reset: ${describeReset(runtime.state.reset)}`] : []),
    `Conveyor (${runtime.stack.stackName}) is running locally — ready in ${seconds} s (${synth})`,
    ...rows.filter(([, value]) => value).map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Try it: paste these into a shell (every example in the README uses API_URL and API_KEY):',
    ...apiExportLines({ apiUrl, apiKey }).map((line) => `  ${line}`),
    `  ${exampleCurl(fifo)}`,
    '',
    'Ctrl-C to stop.',
    '',
  ].join('\n');
}

/**
 * A row per queue of the `Queues` output (`Queue ledger`, then its URL, its types and its DLQ's), or
 * the default queue's two rows when the outputs have no `Queues`.
 */
function queueRows(outputs: Readonly<Record<string, string>>): [string, string | undefined][] {
  const parsed = parseQueuesOutput(outputs[QUEUES_OUTPUT] ?? '');
  if ('reason' in parsed) return [['Queue', outputs.QueueUrl], ['Dead-letter queue', outputs.DeadLetterQueueUrl]];
  return Object.entries(parsed.value).map(([name, queue]): [string, string] => [
    `Queue ${name}`,
    `${queue.queueUrl}  (${queue.fifo ? 'FIFO; ' : ''}${queue.types.join(', ')}; DLQ ${queue.deadLetterQueueUrl.split('/').pop() ?? ''})`,
  ]);
}

/** The effect tables' names, from the `Tables` output. */
function tableNames(outputs: Readonly<Record<string, string>>): string[] {
  const parsed = parseTablesOutput(outputs[TABLES_OUTPUT] ?? '');
  return 'value' in parsed ? Object.values(parsed.value) : [];
}

/** Where the queues and tables live and what they hold now: `.conveyor/data (kept across restarts): 5 queued, 1 in the DLQ`. */
function stateLine(runtime: LocalRuntime, queues: readonly QueueFigures[] = []): string | undefined {
  const held = describeQueued(queues);
  if (runtime.state.inMemory) return `in memory only (--in-memory): nothing is kept when Conveyor stops; ${held}`;
  if (runtime.state.dataDir === undefined) return undefined;
  return `${shortPath(runtime.state.dataDir)} (kept across restarts; --reset to start empty; fault rules and metrics start empty): ${held}`;
}

/** The line printed after a stop: how many messages are left and whether they are kept. */
export function stoppedLine(runtime: LocalRuntime, queues: readonly QueueFigures[]): string {
  const held = describeQueued(queues);
  if (runtime.state.inMemory) return `Nothing is kept (--in-memory): ${held} are gone.`;
  if (runtime.state.dataDir === undefined) return `Queues and tables stay in the endpoint: ${held}.`;
  return `Kept in ${shortPath(runtime.state.dataDir)}: ${held}; they are processed when Conveyor starts again.`;
}

/** `5 queued (2 delayed, 1 in flight), 1 in the DLQ` from the queues' depths. */
export function describeQueued(queues: readonly QueueFigures[]): string {
  const sum = (role: QueueFigures['role'], pick: (q: QueueFigures) => number) => queues.filter((q) => q.role === role).reduce((total, q) => total + pick(q), 0);
  const delayed = sum('source', (q) => q.delayed);
  const inFlight = sum('source', (q) => q.inFlight);
  const queued = sum('source', (q) => q.visible) + delayed + inFlight;
  const dead = sum('dead-letter', (q) => q.visible + q.inFlight + q.delayed);
  const detail = [delayed > 0 ? `${delayed} delayed` : '', inFlight > 0 ? `${inFlight} in flight` : ''].filter(Boolean).join(', ');
  return `${queued} message${queued === 1 ? '' : 's'} queued${detail ? ` (${detail})` : ''}, ${dead} in the DLQ`;
}

/** `path` relative to the working directory when it is inside it, else as it is. */
function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') ? path : inside;
}
