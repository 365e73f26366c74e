/**
 * Reading the stack outputs that describe several queues and tables (`contract/outputs.ts`): `Queues`,
 * JSON of queue name → queue, and `Tables`, JSON of table name → DynamoDB table name. The CLI's
 * targets and the local runtime's DLQ endpoints both read them here, so both name the queues alike.
 * The parsers return why a value is unusable rather than throw: each layer raises its own error.
 */
import type { QueueOutput, QueuesOutput, TablesOutput } from '../contract/index.js';

/**
 * The name of the one queue of outputs that have no `Queues` output (written before the stack had
 * several queues): `--queue default` and `?queue=default` reach it.
 */
export const UNNAMED_QUEUE = 'default';

/** A parsed output, or why it is unusable (a phrase such as `queue "ledger" has no queueUrl`). */
export type ParsedOutput<T> = { readonly value: T } | { readonly reason: string };

/** The fields of a {@link QueueOutput} that are strings, each required and not empty. */
const QUEUE_STRINGS = ['queueUrl', 'deadLetterQueueUrl', 'consumerLogGroupName'] as const;

/**
 * Parses the `Queues` output: a JSON object of at least one queue, each with the fields of
 * {@link QueueOutput}. Fields it does not know are left out, not refused: a newer stack may describe
 * its queues further, and an older CLI should still work with it.
 */
export function parseQueuesOutput(text: string): ParsedOutput<QueuesOutput> {
  const entries = objectEntries(text, 'queue name → { queueUrl, deadLetterQueueUrl, fifo, consumerLogGroupName, types }');
  if ('reason' in entries) return entries;
  const queues: Record<string, QueueOutput> = {};
  for (const [name, value] of entries.value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: `queue ${JSON.stringify(name)} is not an object` };
    const fields = value as Record<string, unknown>;
    const missing = QUEUE_STRINGS.find((key) => typeof fields[key] !== 'string' || fields[key] === '');
    if (missing !== undefined) return { reason: `queue ${JSON.stringify(name)} has no ${missing} (a non-empty string)` };
    if (typeof fields.fifo !== 'boolean') return { reason: `queue ${JSON.stringify(name)} has no fifo (true or false)` };
    if (!Array.isArray(fields.types) || !fields.types.every((type) => typeof type === 'string')) {
      return { reason: `queue ${JSON.stringify(name)} has no types (an array of message types)` };
    }
    queues[name] = {
      queueUrl: fields.queueUrl as string,
      deadLetterQueueUrl: fields.deadLetterQueueUrl as string,
      fifo: fields.fifo,
      consumerLogGroupName: fields.consumerLogGroupName as string,
      types: [...fields.types as string[]],
    };
  }
  return { value: queues };
}

/** Parses the `Tables` output: a JSON object of at least one table name → a non-empty DynamoDB table name. */
export function parseTablesOutput(text: string): ParsedOutput<TablesOutput> {
  const entries = objectEntries(text, 'table name → DynamoDB table name');
  if ('reason' in entries) return entries;
  const bad = entries.value.find(([, value]) => typeof value !== 'string' || value === '');
  if (bad !== undefined) return { reason: `table ${JSON.stringify(bad[0])} is not a DynamoDB table name (a non-empty string)` };
  return { value: Object.fromEntries(entries.value) as TablesOutput };
}

/** The entries of a JSON object with at least one key; `shape` says what was expected. */
function objectEntries(text: string, shape: string): ParsedOutput<[string, unknown][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { reason: `it is not JSON (${(error as Error).message})` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { reason: `it is not a JSON object of ${shape}` };
  const entries = Object.entries(parsed);
  if (entries.length === 0) return { reason: 'it names none' };
  if (entries.some(([name]) => name === '')) return { reason: 'a name is empty' };
  return { value: entries };
}
