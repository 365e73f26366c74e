import { readFileSync } from 'node:fs';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ChaosConsumer } from './options.js';
import type { Workload } from './workload.js';
import { TABLES_OUTPUT } from '../../contract/index.js';
import { parseTablesOutput } from '../../ops/queue-outputs.js';

/** Names and endpoints of the running stack (from its outputs file). */
export interface ChaosTarget {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly ledgerTableName: string;
  readonly idempotencyTableName: string;
  readonly awsEndpoint: string;
  readonly runtimeUrl: string;
  readonly region: string;
}

/** What the oracle found. Any non-zero `lost`, `doubleApplied`, `stuck`, `unexpectedDeadLetters` or `missingDeadLetters` is a violation. */
export interface Verdict {
  readonly accounts: number;
  /** Unique messages whose credit is missing from the ledger. */
  readonly lost: number;
  /** Credits applied more often than their unique messages. */
  readonly doubleApplied: number;
  /** Accounts whose balance differs from the sum of their unique messages. */
  readonly wrongBalances: number;
  readonly deadLetters: number;
  /** Malformed messages not found in the DLQ. */
  readonly missingDeadLetters: number;
  /** DLQ messages that were not among the malformed ones (valid messages that were dead-lettered). */
  readonly unexpectedDeadLetters: number;
  /** Idempotency records of the run by state; `deadLettered` are the consumer's dead-letter notes (they hold no key). */
  readonly records: { readonly completed: number; readonly inProgress: number; readonly deadLettered: number };
  /** Records still in progress, their lock not yet expired, once the system is quiet. */
  readonly stuck: number;
  /** Unique messages without a completed idempotency record (an effect without its record, or a lost message). */
  readonly unrecorded: number;
}

/** The stack's names and endpoints, with its API URL and key, from a runtime's outputs file (`local.json`). */
export function readChaosTarget(outputsFile: string): ChaosTarget & { readonly apiUrl: string; readonly apiKey: string } {
  const outputs = Object.values(JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>)[0] ?? {};
  return {
    apiUrl: outputs.ApiUrl ?? '',
    apiKey: outputs.ApiKey ?? '',
    queueUrl: outputs.QueueUrl ?? '',
    deadLetterQueueUrl: outputs.DeadLetterQueueUrl ?? '',
    ledgerTableName: tablesOf(outputs).ledger ?? '',
    idempotencyTableName: outputs.IdempotencyTableName ?? '',
    awsEndpoint: outputs.SqsEndpoint ?? '',
    runtimeUrl: outputs.RuntimeUrl ?? '',
    region: outputs.Region ?? 'us-east-1',
  };
}

const clients = (target: ChaosTarget) => {
  const config = { region: target.region, endpoint: target.awsEndpoint, credentials: { accessKeyId: 'chaos', secretAccessKey: 'chaos' } };
  return { sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }), dynamodb: new DynamoDBClient(config) };
};

/**
 * Waits until the queue holds nothing (visible, in flight or delayed) and no consumer invocation
 * is running or waiting, three times in a row half a second apart. Throws after `timeoutMs`.
 */
export async function waitUntilQuiet(target: ChaosTarget, timeoutMs: number, onWait: (state: string) => void = () => undefined): Promise<void> {
  const { sqs } = clients(target);
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  try {
    while (calm < 3) {
      if (Date.now() > deadline) throw new Error(`the system did not go quiet within ${timeoutMs / 1000} s`);
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: target.queueUrl, AttributeNames: ['All'] }));
      const queued = (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const)
        .map((name) => Number(Attributes[name] ?? 0));
      const health = await (await fetch(`${target.runtimeUrl}/_conveyor/health`)).json() as { functions: Record<string, { busy: number; queued: number }> };
      const busy = Object.values(health.functions).reduce((sum, fn) => sum + fn.busy + fn.queued, 0);
      const total = queued.reduce((a, b) => a + b, 0) + busy;
      calm = total === 0 ? calm + 1 : 0;
      onWait(`queue ${queued.join('/')} (visible/in flight/delayed), invocations ${busy}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    sqs.destroy();
  }
}

/**
 * Checks the ledger, the DLQ and the idempotency records against the workload. Conveyor keys its
 * records `<scope>/<key>` with the run's keys readable; Powertools hashes the key, so for a
 * reference run every record of the (fresh) table counts.
 */
export async function judge(target: ChaosTarget, workload: Workload, runId: string, consumer: ChaosConsumer = 'conveyor'): Promise<Verdict> {
  const { sqs, dynamodb } = clients(target);
  try {
    const expected = new Map<string, { credits: number; balance: number }>();
    for (const message of workload.unique.values()) {
      const entry = expected.get(message.account) ?? { credits: 0, balance: 0 };
      expected.set(message.account, { credits: entry.credits + 1, balance: entry.balance + message.amount });
    }
    const actual = new Map<string, { credits: number; balance: number }>();
    for (const item of await scanAll(dynamodb, target.ledgerTableName)) {
      const account = item.account?.S ?? '';
      if (account.startsWith(`${runId}-`)) actual.set(account, { credits: Number(item.credits?.N ?? 0), balance: Number(item.balance?.N ?? 0) });
    }
    let lost = 0;
    let doubleApplied = 0;
    let wrongBalances = 0;
    for (const account of new Set([...expected.keys(), ...actual.keys()])) {
      const want = expected.get(account) ?? { credits: 0, balance: 0 };
      const got = actual.get(account) ?? { credits: 0, balance: 0 };
      lost += Math.max(0, want.credits - got.credits);
      doubleApplied += Math.max(0, got.credits - want.credits);
      if (want.balance !== got.balance) wrongBalances += 1;
    }

    const tokens = new Set(workload.malformed.map((entry) => entry.token));
    let deadLetters = 0;
    let unexpectedDeadLetters = 0;
    const found = new Set<string>();
    for (let empty = 0; empty < 3;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: target.deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 3_600 }));
      empty = Messages.length === 0 ? empty + 1 : 0;
      for (const message of Messages) {
        const token = new RegExp(`(${runId}-bad-\\d+)`).exec(message.Body ?? '')?.[1];
        if (token !== undefined && tokens.has(token)) found.add(token);
        else if ((message.Body ?? '').includes(runId)) unexpectedDeadLetters += 1;
        if ((message.Body ?? '').includes(runId)) deadLetters += 1;
      }
    }

    let completed = 0;
    let inProgress = 0;
    let deadLettered = 0;
    let stuck = 0;
    const ours = new RegExp(`(^|/)${runId}-`);
    const now = Date.now();
    for (const item of await scanAll(dynamodb, target.idempotencyTableName)) {
      if (consumer === 'conveyor' && !ours.test(item.id?.S ?? '')) continue;
      if (item.status?.S === 'COMPLETED') {
        completed += 1;
        continue;
      }
      // A note that a copy went to the DLQ (GET /messages/{id}); it holds no key, so it is never stuck.
      if (item.status?.S === 'DEAD_LETTERED') {
        deadLettered += 1;
        continue;
      }
      inProgress += 1;
      // Conveyor's lock: lockExpiresAt; Powertools': in_progress_expiration (both epoch ms).
      const lockExpiresAt = Number(item.lockExpiresAt?.N ?? item.in_progress_expiration?.N ?? 0);
      if (consumer === 'conveyor' || lockExpiresAt > now) stuck += 1;
    }
    return {
      accounts: expected.size,
      lost,
      doubleApplied,
      wrongBalances,
      deadLetters,
      missingDeadLetters: tokens.size - found.size,
      unexpectedDeadLetters,
      records: { completed, inProgress, deadLettered },
      stuck,
      unrecorded: Math.max(0, workload.unique.size - completed),
    };
  } finally {
    sqs.destroy();
    dynamodb.destroy();
  }
}

async function scanAll(dynamodb: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** True when the verdict breaks the promise: something lost, applied twice, stuck, or dead-lettered wrongly. */
export const violated = (verdict: Verdict, rejected: number): boolean =>
  verdict.lost + verdict.doubleApplied + verdict.wrongBalances + verdict.missingDeadLetters + verdict.unexpectedDeadLetters + verdict.stuck + verdict.unrecorded + rejected > 0;

/** The runtime's `Tables` output (table name → DynamoDB table), or none when it is missing or malformed. */
function tablesOf(outputs: Record<string, string>): Readonly<Record<string, string>> {
  const parsed = parseTablesOutput(outputs[TABLES_OUTPUT] ?? '');
  return 'value' in parsed ? parsed.value : {};
}
