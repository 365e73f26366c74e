import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { type E2eTarget, readTarget, targetName } from './target.js';

/** Why the e2e target is unavailable; empty when it is reachable. */
export const unavailable = (): string => inject('e2eUnavailable');

let cached: E2eTarget | undefined;
/** The deployment under test. */
export function target(): E2eTarget {
  cached ??= readTarget(targetName(), inject('e2eOutputsFile'));
  return cached;
}

/** A response from the API: status, headers and the parsed JSON body (undefined when not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: any;
  readonly text: string;
}

/** Options of {@link api}. */
export interface ApiRequest {
  /** A value is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown;
  /** @default 'POST' */
  readonly method?: string;
  /** Extra headers; `content-type` defaults to `application/json`. */
  readonly headers?: Record<string, string>;
  /** `null` sends no API key; a string sends that one. @default the target's key */
  readonly apiKey?: string | null;
}

/** Calls the API at `path` (relative to the stage URL, e.g. `messages`). */
export async function api(path: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const { apiUrl, apiKey } = target();
  const key = request.apiKey === undefined ? apiKey : request.apiKey;
  const body = request.body === undefined || typeof request.body === 'string' || Buffer.isBuffer(request.body)
    ? request.body as string | Buffer | undefined
    : JSON.stringify(request.body);
  const response = await fetch(new URL(path, apiUrl), {
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-api-key': key }), ...request.headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Calls one of the embedded runtime's own endpoints (`/_conveyor/...`). */
export async function runtimeEndpoint(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: any }> {
  const { runtimeUrl } = target();
  if (runtimeUrl === undefined) throw new Error('only the embedded runtime has /_conveyor endpoints');
  const response = await fetch(`${runtimeUrl}/_conveyor/${path}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

const clientConfig = () => {
  const { region, awsEndpoint } = target();
  return {
    region,
    ...(awsEndpoint === undefined ? {} : { endpoint: awsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  };
};

/** An SQS client for the target's queues. */
export const sqs = (): SQSClient => new SQSClient({ ...clientConfig(), useQueueUrlAsEndpoint: false });
/** A DynamoDB client for the target's tables. */
export const dynamodb = (): DynamoDBClient => new DynamoDBClient(clientConfig());

/** An account no other test uses. */
export const newAccount = (): string => `e2e-${randomUUID()}`;

/** A `ledger.credit` request body. */
export const credit = (account: string, amount: number, extra: Record<string, unknown> = {}) => ({
  type: 'ledger.credit',
  payload: { account, amount },
  ...extra,
});

/** The account's ledger row: balance (cents) and how many credits were applied; undefined when none. */
export async function ledger(client: DynamoDBClient, account: string): Promise<{ balance: number; credits: number } | undefined> {
  const { Item } = await client.send(new GetItemCommand({ TableName: target().ledgerTableName, Key: { account: { S: account } }, ConsistentRead: true }));
  if (Item === undefined) return undefined;
  return { balance: Number(Item.balance?.N ?? 0), credits: Number(Item.credits?.N ?? 0) };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the account's ledger row has `credits` credits, then returns it. */
export function ledgerWith(client: DynamoDBClient, account: string, credits: number) {
  return eventually(async () => {
    const row = await ledger(client, account);
    return row !== undefined && row.credits >= credits ? row : undefined;
  }, `${credits} credit(s) on ${account}`);
}
