import { QUEUES_OUTPUT, type QueuesOutput, TABLES_OUTPUT, type TablesOutput } from '../../contract/index.js';
import { parseQueuesOutput, parseTablesOutput } from '../../ops/queue-outputs.js';
import type { StackSpec } from '../template/specs.js';
import type { Blocker, StackDiff } from './stack-diff.js';

/** A reload's changes by the names a user knows: functions' short names, queues', tables' and types' names in `conveyor.config.ts`. */
export interface ReloadChanges {
  /** Functions whose code changed: `Producer`, `OrdersConsumer`. */
  readonly code: readonly string[];
  /** Functions whose settings changed (environment, timeout, memory …), their code or not. */
  readonly settings: readonly string[];
  readonly functionsAdded: readonly string[];
  readonly functionsRemoved: readonly string[];
  /** New queues with the message types delivered to them (from the `Queues` output; none without it). */
  readonly queuesAdded: readonly { readonly name: string; readonly types: readonly string[] }[];
  readonly queuesRemoved: readonly string[];
  /** Queues whose attributes changed (set with SetQueueAttributes). */
  readonly queueSettings: readonly string[];
  readonly tablesAdded: readonly string[];
  readonly tablesRemoved: readonly string[];
  /** Message types new in the `Queues` output. */
  readonly typesAdded: readonly string[];
  readonly typesRemoved: readonly string[];
  /** Event source mappings added, removed or changed, as `<function> ← <queue>`, for those no queue or function change above explains. */
  readonly eventSources: readonly string[];
  /** The REST API was rebuilt from the new template. */
  readonly api: boolean;
}

/**
 * Names the changes of `diff` (from `before` to `after`) as the config does: a queue or table by its
 * name in `conveyor.config.ts` when the stack's `Queues` / `Tables` outputs name it, else by its
 * physical name; a new queue's dead-letter queue is part of the queue, not listed on its own.
 */
export function describeChanges(before: StackSpec, after: StackSpec, diff: StackDiff): ReloadChanges {
  const queueNames = { ...configQueueNames(before), ...configQueueNames(after) };
  const tableNames = { ...configTableNames(before), ...configTableNames(after) };
  const [typesBefore, typesAfter] = [typesOf(before), typesOf(after)];
  const queue = (stack: StackSpec) => (id: string) => {
    const name = stack.queues.find((candidate) => candidate.logicalId === id)?.queueName ?? id;
    return queueNames[name] ?? name;
  };
  const table = (stack: StackSpec) => (id: string) => {
    const name = stack.tables.find((candidate) => candidate.logicalId === id)?.tableName ?? id;
    return tableNames[name] ?? name;
  };
  const fn = (stack: StackSpec) => (id: string) => stack.functions.find((candidate) => candidate.logicalId === id)?.name ?? id;
  const dropDeadLetters = (names: string[]) => names.filter((name) => !name.endsWith(DLQ_SUFFIX) || !names.includes(name.slice(0, -DLQ_SUFFIX.length)));
  const queuesAdded = dropDeadLetters(diff.queues.added.map(queue(after)));
  const queuesRemoved = dropDeadLetters(diff.queues.removed.map(queue(before)));
  const functionsAdded = diff.functions.added.map(fn(after));
  const functionsRemoved = diff.functions.removed.map(fn(before));
  const explained = (source: StackSpec) => (id: string) => {
    const mapping = source.eventSources.find((candidate) => candidate.logicalId === id);
    if (mapping === undefined) return `${id}`;
    return `${fn(source)(mapping.functionLogicalId)} ← ${queue(source)(mapping.queue.logicalId)}`;
  };
  const implied = (line: string) => [...queuesAdded, ...queuesRemoved, ...functionsAdded, ...functionsRemoved].some((name) => line.split(' ← ').includes(name));
  return {
    code: diff.code.map(fn(after)),
    settings: diff.functions.changed.map(fn(after)),
    functionsAdded,
    functionsRemoved,
    queuesAdded: queuesAdded.map((name) => ({ name, types: typesAfter.get(name) ?? [] })),
    queuesRemoved,
    queueSettings: diff.queues.changed.map(queue(after)),
    tablesAdded: diff.tables.added.map(table(after)),
    tablesRemoved: diff.tables.removed.map(table(before)),
    typesAdded: [...allTypes(typesAfter)].filter((type) => !allTypes(typesBefore).has(type)),
    typesRemoved: [...allTypes(typesBefore)].filter((type) => !allTypes(typesAfter).has(type)),
    eventSources: [
      ...diff.eventSources.added.map(explained(after)),
      ...diff.eventSources.removed.map(explained(before)),
      ...diff.eventSources.changed.map(explained(after)),
    ].filter((line) => !implied(line)),
    api: diff.api,
  };
}

/**
 * One line: `code of Producer, OrdersConsumer; new queue payments (payments.charge); new type
 * payments.charge`; `no change to the stack` when there is none.
 */
export function summarizeChanges(changes: ReloadChanges): string {
  const list = (label: string, names: readonly string[]) => (names.length === 0 ? [] : [`${label} ${names.join(', ')}`]);
  const parts = [
    ...list('code of', changes.code),
    ...list('settings of', changes.settings.filter((name) => !changes.code.includes(name))),
    ...list('new queue', changes.queuesAdded.map((queue) => `${queue.name}${queue.types.length > 0 ? ` (${queue.types.join(', ')})` : ''}`)),
    ...list('new type', changes.typesAdded),
    ...list('new table', changes.tablesAdded),
    ...list('new function', changes.functionsAdded),
    ...list('settings of queue', changes.queueSettings),
    ...list('event source', changes.eventSources),
    ...(changes.api ? ['API rebuilt'] : []),
    ...list('removed type', changes.typesRemoved),
    ...list('removed function', changes.functionsRemoved),
    ...changes.queuesRemoved.map((name) => `removed queue ${name} (kept in the emulator with its messages, no longer read)`),
    ...changes.tablesRemoved.map((name) => `removed table ${name} (kept with its items)`),
  ];
  return parts.length === 0 ? 'no change to the stack' : parts.join('; ');
}

/**
 * Why `diff` cannot be applied live, one sentence per queue, table or stack, naming queues and tables
 * as the config does (a queue and its DLQ that change alike are one sentence) and saying what to do.
 */
export function describeBlockers(before: StackSpec, after: StackSpec, blockers: readonly Blocker[]): string[] {
  const queueNames = { ...configQueueNames(before), ...configQueueNames(after) };
  const tableNames = { ...configTableNames(before), ...configTableNames(after) };
  const queueOf = (id: string | undefined) => {
    const name = before.queues.find((queue) => queue.logicalId === id)?.queueName ?? String(id);
    return queueNames[name] ?? name;
  };
  const tableOf = (id: string | undefined) => {
    const name = before.tables.find((table) => table.logicalId === id)?.tableName ?? String(id);
    return tableNames[name] ?? name;
  };
  const named = blockers.map((blocker) => ({ blocker, name: blocker.kind.startsWith('queue') ? queueOf(blocker.logicalId) : tableOf(blocker.logicalId) }));
  // A named queue's DLQ changes with it: say it once, of the queue.
  const alike = (a: Blocker, b: Blocker) => a.kind === b.kind && a.from === b.from && a.to === b.to;
  const shown = named.filter(({ blocker, name }) => !(name.endsWith(DLQ_SUFFIX)
    && named.some((other) => other.name === name.slice(0, -DLQ_SUFFIX.length) && (alike(other.blocker, blocker) || blocker.kind === 'queue-name'))));
  return shown.map(({ blocker, name }) => {
    const withDlq = named.some((other) => other.name === `${name}${DLQ_SUFFIX}`) ? ' (and its DLQ)' : '';
    switch (blocker.kind) {
      case 'stack':
        return `the stack is now ${blocker.to} (was ${blocker.from}): every resource would be another one; restart to run it`;
      case 'queue-kind':
        return `queue ${name}${withDlq} changes from ${blocker.from} to ${blocker.to}: SQS cannot change that on a queue, and a new one would leave the old one's messages behind; restart with --reset (its messages are deleted) or undo the change`;
      case 'queue-name':
        return `queue ${name}${withDlq} is renamed (${blocker.from} → ${blocker.to}): a new queue would leave the old one's messages behind; restart (the old queue is kept, unread) or undo the change`;
      case 'table-key':
        return `table ${name} changes its key or indexes (${blocker.from} → ${blocker.to}): DynamoDB cannot change that on a table; restart with --reset (its items are deleted) or undo the change`;
      case 'table-name':
        return `table ${name} is renamed (${blocker.from} → ${blocker.to}): a new table would leave the old one's items behind; restart or undo the change`;
    }
  });
}

/** How a named queue's dead-letter queue is shown: `payments DLQ`. */
const DLQ_SUFFIX = ' DLQ';

/** Physical queue name → its name in the config (`ledger`, `ledger DLQ`), from the `Queues` output. */
function configQueueNames(stack: StackSpec): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [name, queue] of Object.entries(queuesOutput(stack) ?? {})) {
    names[lastSegment(queue.queueUrl)] = name;
    names[lastSegment(queue.deadLetterQueueUrl)] = `${name}${DLQ_SUFFIX}`;
  }
  return names;
}

/** Physical table name → its name in the config, from the `Tables` output. */
function configTableNames(stack: StackSpec): Record<string, string> {
  const parsed = parseTablesOutput(stack.outputs[TABLES_OUTPUT] ?? '');
  const tables: TablesOutput = 'value' in parsed ? parsed.value : {};
  return Object.fromEntries(Object.entries(tables).map(([name, tableName]) => [tableName, name]));
}

/** Queue name in the config → the types delivered to it. */
function typesOf(stack: StackSpec): Map<string, readonly string[]> {
  return new Map(Object.entries(queuesOutput(stack) ?? {}).map(([name, queue]) => [name, queue.types]));
}

const allTypes = (types: Map<string, readonly string[]>): Set<string> => new Set([...types.values()].flat());

function queuesOutput(stack: StackSpec): QueuesOutput | undefined {
  const parsed = parseQueuesOutput(stack.outputs[QUEUES_OUTPUT] ?? '');
  return 'value' in parsed ? parsed.value : undefined;
}

const lastSegment = (url: string): string => url.split('/').pop() ?? url;
