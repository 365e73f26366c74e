import { isDeepStrictEqual } from 'node:util';
import type { FunctionSpec, QueueSpec, SqsEventSourceSpec, StackSpec, TableSpec } from '../template/specs.js';

/** A change a running stack cannot take: see {@link StackDiff.blockers}. */
export interface Blocker {
  /**
   * - `stack`: another stack name or environment (`from`/`to`: `<account>/<region>/<name>`);
   * - `queue-kind`: a queue changes between `standard` and `FIFO`;
   * - `queue-name`: a queue is renamed;
   * - `table-key`: a table's key or indexes change (`from`/`to`: its key attributes);
   * - `table-name`: a table is renamed.
   */
  readonly kind: 'stack' | 'queue-kind' | 'queue-name' | 'table-key' | 'table-name';
  /** The queue or table, by logical id; absent for `stack`. */
  readonly logicalId?: string;
  readonly from: string;
  readonly to: string;
}

/** Logical ids added, removed and changed between two stacks, for one kind of resource. */
export interface ResourceChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** In both, with different properties (for functions: anything but the code; see {@link StackDiff.code}). */
  readonly changed: readonly string[];
}

/**
 * What changed between the running stack and a newly synthesized one, by logical id: what a reload
 * applies, and what it cannot apply live (`blockers`).
 */
export interface StackDiff {
  readonly functions: ResourceChanges;
  /** Functions in both whose code folder changed (a new asset: the bundle's content changed). */
  readonly code: readonly string[];
  readonly eventSources: ResourceChanges;
  /** `changed`: the queue's attributes (visibility timeout, redrive policy …), which SetQueueAttributes applies. */
  readonly queues: ResourceChanges;
  /** `changed` is always empty: a table that changes otherwise is a blocker. */
  readonly tables: ResourceChanges;
  /** The REST API (routes, models, keys, usage plans, gateway responses, stage) changed. */
  readonly api: boolean;
  /**
   * Why the new stack cannot replace the running one without a restart: a queue that changes between
   * standard and FIFO or is renamed, a table whose key or indexes change, another stack name or
   * environment. When there is any, nothing of the diff is applied (`describeBlockers` says why).
   */
  readonly blockers: readonly Blocker[];
}

/** True when the diff has nothing to apply (and nothing that blocks). */
export function isEmptyDiff(diff: StackDiff): boolean {
  const none = (changes: ResourceChanges) => changes.added.length + changes.removed.length + changes.changed.length === 0;
  return none(diff.functions) && diff.code.length === 0 && none(diff.eventSources) && none(diff.queues) && none(diff.tables) && !diff.api && diff.blockers.length === 0;
}

/** Compares two models of the stack (both from `buildStackSpec`, in the same local environment). */
export function diffStacks(before: StackSpec, after: StackSpec): StackDiff {
  const blockers: Blocker[] = [];
  const where = (stack: StackSpec) => `${stack.accountId}/${stack.region}/${stack.stackName}`;
  if (where(before) !== where(after)) blockers.push({ kind: 'stack', from: where(before), to: where(after) });
  const queues = compare(before.queues, after.queues, (a, b) => isDeepStrictEqual(a.attributes, b.attributes));
  for (const id of queues.changed) {
    const [was, now] = [find(before.queues, id), find(after.queues, id)];
    if (was.fifo !== now.fifo) blockers.push({ kind: 'queue-kind', logicalId: id, from: kind(was), to: kind(now) });
    else if (was.queueName !== now.queueName) blockers.push({ kind: 'queue-name', logicalId: id, from: was.queueName, to: now.queueName });
  }
  const tables = compare(before.tables, after.tables, sameTable);
  for (const id of tables.changed) {
    const [was, now] = [find(before.tables, id), find(after.tables, id)];
    blockers.push(was.tableName === now.tableName
      ? { kind: 'table-key', logicalId: id, from: keyOf(was), to: keyOf(now) }
      : { kind: 'table-name', logicalId: id, from: was.tableName, to: now.tableName });
  }
  const functions = compare(before.functions, after.functions, (a, b) => sameFunctionSettings(a, b));
  const code = before.functions
    .filter((fn) => after.functions.some((other) => other.logicalId === fn.logicalId && other.assetDir !== fn.assetDir))
    .map((fn) => fn.logicalId);
  return {
    functions,
    code,
    eventSources: compare(before.eventSources, after.eventSources, sameEventSource),
    queues: { ...queues, changed: queues.changed.filter((id) => find(before.queues, id).queueName === find(after.queues, id).queueName) },
    tables: { ...tables, changed: [] },
    api: !isDeepStrictEqual(before.apis, after.apis),
    blockers,
  };
}

/** Added, removed and changed (per `same`) resources, by logical id, in the order of `after` then `before`. */
function compare<T extends { readonly logicalId: string }>(before: readonly T[], after: readonly T[], same: (a: T, b: T) => boolean): ResourceChanges {
  const was = new Map(before.map((resource) => [resource.logicalId, resource]));
  const now = new Map(after.map((resource) => [resource.logicalId, resource]));
  return {
    added: after.filter((resource) => !was.has(resource.logicalId)).map((resource) => resource.logicalId),
    removed: before.filter((resource) => !now.has(resource.logicalId)).map((resource) => resource.logicalId),
    changed: after.filter((resource) => was.has(resource.logicalId) && !same(was.get(resource.logicalId) as T, resource)).map((resource) => resource.logicalId),
  };
}

function find<T extends { readonly logicalId: string }>(resources: readonly T[], logicalId: string): T {
  return resources.find((resource) => resource.logicalId === logicalId) as T;
}

const kind = (queue: QueueSpec): string => (queue.fifo ? 'FIFO' : 'standard');

const keyOf = (table: TableSpec): string => table.keySchema.map((key) => key.AttributeName).join(', ');

/** Same name, key and indexes: what a live update keeps (billing mode and TTL are not applied to a kept table, as at a restart). */
function sameTable(a: TableSpec, b: TableSpec): boolean {
  return a.tableName === b.tableName
    && isDeepStrictEqual(a.keySchema, b.keySchema)
    && isDeepStrictEqual(a.globalSecondaryIndexes, b.globalSecondaryIndexes)
    && isDeepStrictEqual(a.localSecondaryIndexes, b.localSecondaryIndexes);
}

/** Everything of a function but its code folder: a change swaps its host as a code change does. */
function sameFunctionSettings(a: FunctionSpec, b: FunctionSpec): boolean {
  const { assetDir: _a, ...settingsA } = a;
  const { assetDir: _b, ...settingsB } = b;
  return isDeepStrictEqual(settingsA, settingsB);
}

/** What a mapping polls and how: its queue (by logical id), function, batching and concurrency. */
function sameEventSource(a: SqsEventSourceSpec, b: SqsEventSourceSpec): boolean {
  const polling = (source: SqsEventSourceSpec) => ({ ...source, queue: source.queue.logicalId });
  return isDeepStrictEqual(polling(a), polling(b));
}
