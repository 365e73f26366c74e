/**
 * Scripted outages of the consumer's DynamoDB through the local runtime's faults endpoint: messages
 * are sent while every DynamoDB call of the consumer fails, the outage ends, and the run records what
 * became of each message (applied once, twice, dead-lettered with which reason and attempts, lost)
 * and when. The chaos suite asserts the outcomes (`test/chaos/outages.test.ts`); `npm run bench`
 * reports the timings. Talks to the runtime through public surfaces only: the API, the AWS endpoint
 * and `/_conveyor/*`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConveyorApi, type MessageInput } from '../../ops/api-client.js';
import { listDeadLetters, redriveDeadLetters } from '../../ops/dlq.js';
import type { Target } from '../../ops/targets.js';
import { EMULATOR_DYNAMODB_SERVICE } from '../../local/aws-proxy/request-counters.js';

/** One scripted outage. */
export interface OutageScenario {
  readonly name: string;
  /** `ledger.credit` messages sent at the start of the outage, one account each. */
  readonly messages: number;
  /** How long every DynamoDB call of the consumer fails. */
  readonly outageSeconds: number;
  /** FIFO: spread the messages over this many message groups (required on a FIFO queue). */
  readonly groups?: number;
  /** After the run settles, redrive the dead-letter queue and wait for the redriven messages. */
  readonly redrive?: boolean;
  /** Give up waiting for the run to settle after this long past the outage's end. @default 600 */
  readonly settleTimeoutSeconds?: number;
}

/** What became of the messages, counted against the ledger and the dead-letter queue. */
export interface OutageOutcome {
  /** Messages whose credit is in the ledger exactly once. */
  readonly appliedOnce: number;
  /** Messages credited more than once (must be 0). */
  readonly appliedTwice: number;
  /** Messages neither applied nor dead-lettered (must be 0). */
  readonly lost: number;
  /** Dead letters of this run, by `Conveyor.ErrorCode` (`sqs` for those SQS's redrive policy moved). */
  readonly deadLettered: Readonly<Record<string, number>>;
  /** Dead letters of this run that carry their attempts, and the fewest and most attempts among them. */
  readonly withAttempts: { readonly count: number; readonly min: number; readonly max: number; readonly withHistory: number };
}

/** A scenario's outcome and timings. */
export interface OutageResult {
  readonly scenario: OutageScenario;
  readonly outcome: OutageOutcome;
  /** After redriving the dead letters (when the scenario asks for it). */
  readonly afterRedrive?: OutageOutcome;
  readonly seconds: {
    /** From the outage's end until the last message of the run was applied (or dead-lettered). */
    readonly settledAfterEnd: number;
    /** From the outage's end until the queue was empty and nothing ran. */
    readonly quietAfterEnd: number;
  };
  /** The consumer's AWS requests during the run, by service and operation. */
  readonly consumerRequests: Readonly<Record<string, number>>;
}

/** The clients and URLs a scenario needs, from a resolved local target. */
export interface OutageTarget {
  readonly target: Target;
  readonly apiKey: string;
}

/** The `deadLettered` entry for dead letters a peek cannot see (behind their group's first, on FIFO): counted, not read. */
export const UNSEEN = 'unseen behind their FIFO group';

const OUTAGE_RULE = { service: 'dynamodb', function: 'Consumer', error: { code: 'ServiceUnavailable', statusCode: 503, message: 'scripted outage' } };

/** Runs one scenario against a running local runtime; faults are cleared before it returns. */
export async function runOutage({ target, apiKey }: OutageTarget, scenario: OutageScenario, log: (line: string) => void = () => undefined): Promise<OutageResult> {
  const runId = `outage${randomUUID().slice(0, 8)}`;
  const accounts = Array.from({ length: scenario.messages }, (_, index) => `${runId}-${index}`);
  const clients = awsClients(target);
  const runtime = target.runtimeUrl;
  try {
    await request(`${runtime}/_conveyor/requests`, 'DELETE');
    // The dead letters an earlier scenario on this runtime left: not this run's.
    const baseline = await deadLetterDepth(clients, target);
    await request(`${runtime}/_conveyor/faults`, 'POST', JSON.stringify([OUTAGE_RULE]));
    const began = performance.now();
    log(`${scenario.name}: DynamoDB down for the consumer; sending ${scenario.messages} messages`);
    await send(new ConveyorApi({ apiUrl: target.apiUrl, apiKey }), accounts, scenario.groups);
    await sleep(Math.max(0, scenario.outageSeconds * 1000 - (performance.now() - began)));
    await request(`${runtime}/_conveyor/faults`, 'DELETE');
    const ended = performance.now();
    log(`${scenario.name}: outage over after ${((ended - began) / 1000).toFixed(1)} s; waiting for every message`);

    const deadline = ended + (scenario.settleTimeoutSeconds ?? 600) * 1000;
    const settled = await until(deadline, async () => (await count(clients, target, accounts, baseline)).settled === accounts.length);
    const settledAfterEnd = (performance.now() - ended) / 1000;
    await until(deadline, () => quiet(clients.sqs, target, runtime));
    const quietAfterEnd = (performance.now() - ended) / 1000;
    if (!settled) log(`${scenario.name}: not every message settled within the deadline`);
    const outcome = await judge(clients, target, accounts, baseline);
    const consumerRequests = await requestsOf(runtime);

    let afterRedrive: OutageOutcome | undefined;
    if (scenario.redrive) {
      log(`${scenario.name}: redriving ${sum(outcome.deadLettered)} dead letters`);
      await redriveDeadLetters({ sqs: clients.sqs, deadLetterQueueUrl: target.deadLetterQueueUrl, sourceQueueUrl: target.queueUrl, ratePerSecond: 500 });
      const redriveDeadline = performance.now() + (scenario.settleTimeoutSeconds ?? 600) * 1000;
      await until(redriveDeadline, async () => (await count(clients, target, accounts, baseline)).applied === accounts.length);
      await until(redriveDeadline, () => quiet(clients.sqs, target, runtime));
      afterRedrive = await judge(clients, target, accounts, baseline);
    }
    return { scenario, outcome, ...(afterRedrive ? { afterRedrive } : {}), seconds: { settledAfterEnd, quietAfterEnd }, consumerRequests };
  } finally {
    await request(`${runtime}/_conveyor/faults`, 'DELETE').catch(() => undefined);
    clients.sqs.destroy();
    clients.dynamodb.destroy();
  }
}

type Clients = ReturnType<typeof awsClients>;

function awsClients(target: Target) {
  const config = { region: target.region, endpoint: target.awsEndpoint, credentials: target.credentials };
  return { sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }), dynamodb: new DynamoDBClient(config) };
}

async function send(api: ConveyorApi, accounts: readonly string[], groups: number | undefined): Promise<void> {
  for (let start = 0; start < accounts.length; start += 50) {
    const messages: MessageInput[] = accounts.slice(start, start + 50).map((account, index) => ({
      type: 'ledger.credit',
      payload: { account, amount: 1 },
      idempotencyKey: account,
      ...(groups === undefined ? {} : { groupId: `g${(start + index) % groups}` }),
    }));
    const answer = await api.postBatch(messages);
    if (answer.status !== 202) throw new Error(`the API answered ${answer.status} to a batch: ${JSON.stringify(answer.body)}`);
  }
}

/** Credits per account of this run. */
async function credits(dynamodb: DynamoDBClient, table: string, runPrefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      const account = item.account?.S ?? '';
      if (account.startsWith(runPrefix)) found.set(account, Number(item.credits?.N ?? 0));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/**
 * This run's messages applied, and applied or dead-lettered. `baseline` is the dead-letter queue's
 * depth before the run: an earlier scenario's dead letters stay there (counted, the wait for this
 * run's to settle never ended: 2 left by the 5-s FIFO outage held the 60-s one to its 600 s deadline).
 */
async function count(clients: Clients, target: Target, accounts: readonly string[], baseline: number): Promise<{ applied: number; settled: number }> {
  const prefix = `${accounts[0]?.split('-')[0] ?? ''}-`;
  const applied = (await credits(clients.dynamodb, target.ledgerTableName, prefix)).size;
  return { applied, settled: applied + (await deadLetterDepth(clients, target)) - baseline };
}

/** Messages in the dead-letter queue, visible or not. */
async function deadLetterDepth(clients: Clients, target: Target): Promise<number> {
  const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: target.deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

async function judge(clients: Clients, target: Target, accounts: readonly string[], baseline: number): Promise<OutageOutcome> {
  const prefix = `${accounts[0]?.split('-')[0] ?? ''}-`;
  const ledger = await credits(clients.dynamodb, target.ledgerTableName, prefix);
  const listed = await listDeadLetters(clients.sqs, target.deadLetterQueueUrl, { max: 100_000 });
  const letters = listed.filter((letter) => letter.idempotencyKey?.startsWith(prefix));
  const deadKeys = new Set(letters.map((letter) => letter.idempotencyKey));
  const deadLettered: Record<string, number> = {};
  for (const letter of letters) {
    const code = letter.lastError?.code ?? 'sqs';
    deadLettered[code] = (deadLettered[code] ?? 0) + 1;
  }
  // A FIFO dead-letter queue shows only the first message of each group to a peek: count the rest
  // of this run's (the depth past the run's `baseline`, less the run's letters the peek saw).
  const unseen = Math.max(0, (await deadLetterDepth(clients, target)) - baseline - letters.length);
  if (unseen > 0) deadLettered[UNSEEN] = unseen;
  const notApplied = accounts.filter((account) => !ledger.has(account) && !deadKeys.has(account)).length;
  const attempts = letters.flatMap((letter) => (letter.attempts ? [letter.attempts] : []));
  return {
    appliedOnce: [...ledger.values()].filter((credits) => credits === 1).length,
    appliedTwice: [...ledger.values()].filter((credits) => credits > 1).length,
    lost: Math.max(0, notApplied - unseen),
    deadLettered,
    withAttempts: {
      count: attempts.length,
      min: attempts.length ? Math.min(...attempts.map((entry) => entry.count)) : 0,
      max: attempts.length ? Math.max(...attempts.map((entry) => entry.count)) : 0,
      withHistory: attempts.filter((entry) => entry.history.length === Math.min(entry.count, 20)).length,
    },
  };
}

async function quiet(sqs: SQSClient, target: Target, runtime: string): Promise<boolean> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: target.queueUrl, AttributeNames: ['All'] }));
  const queued = (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const).reduce((total, name) => total + Number(Attributes[name] ?? 0), 0);
  const health = await (await fetch(`${runtime}/_conveyor/health`)).json() as { functions: Record<string, { busy: number; queued: number }> };
  return queued === 0 && Object.values(health.functions).every((fn) => fn.busy + fn.queued === 0);
}

async function requestsOf(runtime: string): Promise<Record<string, number>> {
  const counted = await (await fetch(`${runtime}/_conveyor/requests`)).json() as Record<string, Record<string, Record<string, { requests: number }>>>;
  const figures: Record<string, number> = {};
  for (const [service, operations] of Object.entries(counted)) {
    // What AWS would see; the endpoint's own calls to the emulator are not requests of the consumer.
    if (service === EMULATOR_DYNAMODB_SERVICE) continue;
    for (const [operation, callers] of Object.entries(operations)) {
      const requests = callers.Consumer?.requests ?? 0;
      if (requests > 0) figures[`${service}:${operation}`] = requests;
    }
  }
  return figures;
}

/** Polls `probe` every 250 ms until it holds or `deadline` (performance.now() ms) passes; resolves whether it held. */
async function until(deadline: number, probe: () => Promise<boolean>): Promise<boolean> {
  for (;;) {
    if (await probe()) return true;
    if (performance.now() > deadline) return false;
    await sleep(250);
  }
}

async function request(url: string, method: 'POST' | 'DELETE', body?: string): Promise<void> {
  const response = await fetch(url, { method, ...(body ? { body } : {}) });
  if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((total, value) => total + value, 0);
