import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { DynamoDbTransactions } from '../../../local/aws-proxy/dynamodb-transactions.js';
import { type DynamoDbCall, dynamoDbCaller } from '../../../local/aws-proxy/dynamodb-upstream.js';
import { AwsProxyError, AwsProxyOptionsError } from '../../../local/errors.js';
import { TransactionJournal, type TransactionJournalOptions } from '../../../local/aws-proxy/transaction-journal.js';
import { createTable, proxiedDynamodb } from './support.js';
import { addEntry, checkEntry, contents, key, putEntry, seed, transact } from './transactions-support.js';

const dynaliteUrl = new URL(inject('dynaliteEndpoint'));
const agent = new Agent({ keepAlive: true });
/** The proxy's own calls, straight to dynalite (which wants an AWS4 header but checks no signature). */
const call: DynamoDbCall = dynamoDbCaller(agent, { hostname: dynaliteUrl.hostname, port: Number(dynaliteUrl.port), basePath: '' }, {
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20000101T000000Z',
});
const dynamodb = new DynamoDBClient({ endpoint: inject('dynaliteEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
afterAll(() => {
  dynamodb.destroy();
  agent.destroy();
});

let dir: string;
let path: string;
const journals: TransactionJournal[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'transaction-journal-'));
  path = join(dir, 'journal.jsonl');
});
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A recovered journal on `path`, closed after the test. */
async function openJournal(options?: TransactionJournalOptions): Promise<{ journal: TransactionJournal; rolledBack: number }> {
  const journal = new TransactionJournal(path, options);
  journals.push(journal);
  return { journal, rolledBack: await journal.recover(call) };
}

const body = (items: TransactWriteItem[]): Buffer => Buffer.from(JSON.stringify({ TransactItems: items }));
const lines = (): Record<string, unknown>[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const n = (value: number) => ({ N: String(value) });

/** A table holding `balance` = 5: the ledger of the consumer's case. */
async function ledger(): Promise<string> {
  const table = await createTable(dynamodb);
  await seed(dynamodb, table, [{ id: 'balance', n: 5 }]);
  return table;
}

/** The consumer's case: add to the balance, record the message once, and check a guard that is absent. */
const consumerTransaction = (table: string): TransactWriteItem[] => [
  addEntry(table, 'balance', 10),
  putEntry(table, { id: { S: 'message-1' } }, { onlyIfNew: true }),
  checkEntry(table, 'guard', 'attribute_not_exists(id)'),
];

/**
 * `call` with a process crash in it: reads and the first `writes` writes go through, every later
 * write never answers (or, with `fail`, throws as if the emulator were gone). `stopped` resolves at
 * the first write held back; `landed` once, in addition, the writes let through have been answered.
 */
function crashingAfter(writes: number, fail = false): { call: DynamoDbCall; landed: () => Promise<unknown>; stopped: Promise<void> } {
  let left = writes;
  const through: Promise<unknown>[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const crashing: DynamoDbCall = (operation, input) => {
    if (operation === 'GetItem' || operation === 'DescribeTable') return call(operation, input);
    if (left-- > 0) {
      const result = call(operation, input);
      through.push(result);
      return result;
    }
    stop();
    return fail ? Promise.reject(new Error('socket hang up')) : new Promise(() => {});
  };
  return { call: crashing, landed: () => stopped.then(() => Promise.all(through)), stopped };
}

describe('TransactionJournal', () => {
  describe('recovery of a transaction a crash interrupted', () => {
    it('restores the prior images: the updated item, the new one deleted, the ConditionCheck\'s bare key deleted', async () => {
      // Arrange: the crash comes after the Update, the Put and the ConditionCheck's PutItem of the bare key
      const table = await ledger();
      const { journal: crashed } = await openJournal();
      const crash = crashingAfter(3);
      void new DynamoDbTransactions({ journal: crashed }).transactWriteItems(body(consumerTransaction(table)), crash.call);
      await crash.landed();
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(15) }, { id: { S: 'guard' } }, { id: { S: 'message-1' } }]);
      expect(lines()).toEqual([{ begin: expect.any(String), items: expect.any(Array) }]);

      // Act: the next start, on the same file
      const { journal, rolledBack } = await openJournal();

      // Assert
      expect(rolledBack).toBe(1);
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(5) }]);
      expect(readFileSync(path, 'utf8')).toBe('');
      const retried = await new DynamoDbTransactions({ journal }).transactWriteItems(body(consumerTransaction(table)), call);
      expect(retried.statusCode).toBe(200);
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(15) }, { id: { S: 'message-1' } }]);
    });

    it('journals the prior images before writing: the begin line holds each item and its prior (none for a new item)', async () => {
      const table = await ledger();
      const { journal } = await openJournal();
      const crash = crashingAfter(0);

      void new DynamoDbTransactions({ journal }).transactWriteItems(body(consumerTransaction(table)), crash.call);
      await crash.stopped;

      expect(lines()).toEqual([
        {
          begin: expect.any(String),
          items: [
            { tableName: table, key: key('balance'), prior: { id: { S: 'balance' }, n: n(5) } },
            { tableName: table, key: key('message-1') },
            { tableName: table, key: key('guard') },
          ],
        },
      ]);
    });

    it('restores at the next start a transaction whose rollback could not reach the emulator', async () => {
      // Arrange: the Update lands, then every write fails, the rollback's included
      const table = await ledger();
      const { journal } = await openJournal();
      const answer = await new DynamoDbTransactions({ journal }).transactWriteItems(body(consumerTransaction(table)), crashingAfter(1, true).call);
      expect(answer.statusCode).toBe(500);
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(15) }]);
      journal.close();

      // Act
      const { rolledBack } = await openJournal();

      // Assert
      expect(rolledBack).toBe(1);
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(5) }]);
    });
  });

  it('leaves committed and rolled-back transactions alone', async () => {
    // Arrange: one commit, one cancellation (rolled back), then the balance changes outside any transaction
    const table = await ledger();
    const { journal } = await openJournal();
    const transactions = new DynamoDbTransactions({ journal });
    expect((await transactions.transactWriteItems(body(consumerTransaction(table)), call)).statusCode).toBe(200);
    expect((await transactions.transactWriteItems(body(consumerTransaction(table)), call)).statusCode).toBe(400);
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'balance' }, n: n(99) } }));
    expect(lines().map((line) => Object.keys(line)[0])).toEqual(['begin', 'end', 'begin', 'end']);
    journal.close();

    // Act
    const { rolledBack } = await openJournal();

    // Assert
    expect(rolledBack).toBe(0);
    expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(99) }, { id: { S: 'message-1' } }]);
  });

  describe('a damaged file', () => {
    it('ignores a torn last line: its transaction had written nothing yet', async () => {
      // Arrange: t1 began and did not end; t2's begin was cut short by the crash
      const table = await ledger();
      await seed(dynamodb, table, [{ id: 'balance', n: 15 }, { id: 'other', v: 7 }]);
      const t1 = JSON.stringify({ begin: 't1', items: [{ tableName: table, key: key('balance'), prior: { id: { S: 'balance' }, n: n(5) } }] });
      const t2 = JSON.stringify({ begin: 't2', items: [{ tableName: table, key: key('other') }] });
      writeFileSync(path, `${t1}\n${t2.slice(0, t2.length - 7)}`);

      // Act
      const { rolledBack } = await openJournal();

      // Assert
      expect(rolledBack).toBe(1);
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(5) }, { id: { S: 'other' }, v: n(7) }]);
      expect(readFileSync(path, 'utf8')).toBe('');
    });

    it('refuses a corrupt line that is not the last, naming the file, and leaves the file as it was', async () => {
      const damaged = `{"begin":"t1","items":[\n${JSON.stringify({ end: 't1' })}\n`;
      writeFileSync(path, damaged);

      const recovering = new TransactionJournal(path).recover(call);

      await expect(recovering).rejects.toThrow(AwsProxyError);
      await expect(recovering).rejects.toThrow(`${path} is corrupt at line 1`);
      expect(readFileSync(path, 'utf8')).toBe(damaged);
    });
  });

  describe('size', () => {
    it('stays bounded under many transactions, and keeps an unfinished one through the rewrites', async () => {
      // Arrange: a small threshold; one transaction begins and never ends
      const maxBytes = 4096;
      const table = await ledger();
      const { journal } = await openJournal({ maxBytes });
      journal.begin([{ tableName: table, key: { id: { S: 'balance' } }, prior: { id: { S: 'balance' }, n: n(5) } }]);
      const transactions = new DynamoDbTransactions({ journal });
      const sizes: number[] = [];

      // Act: 20 rounds of 10 concurrent transactions
      for (let round = 0; round < 20; round++) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) => transactions.transactWriteItems(body([addEntry(table, `counter-${i}`), putEntry(table, { id: { S: `record-${round}-${i}` } })]), call)),
        );
        expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
        sizes.push(statSync(path).size);
      }
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'balance' }, n: n(15) } }));
      journal.close();

      // Assert: 200 transactions' lines are far more than 4 KB; the file never held much more
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * maxBytes);
      const { rolledBack } = await openJournal({ maxBytes });
      expect(rolledBack).toBe(1);
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: key('balance'), ConsistentRead: true }));
      expect(Item).toEqual({ id: { S: 'balance' }, n: n(5) });
      expect(await contents(dynamodb, table)).toHaveLength(1 + 10 + 200);
    });
  });

  describe('createAwsProxy with transactionJournal', () => {
    const upstream = () => ({ sqs: inject('sqsEndpoint'), dynamodb: inject('dynaliteEndpoint') });

    it('rolls the unfinished transactions back before it answers the first request, then journals its own', async () => {
      // Arrange: the file a crash left: balance updated (5 → 15) and message-1 written, no end
      const table = await ledger();
      await seed(dynamodb, table, [{ id: 'balance', n: 15 }, { id: 'message-1' }]);
      const items = [
        { tableName: table, key: key('balance'), prior: { id: { S: 'balance' }, n: n(5) } },
        { tableName: table, key: key('message-1') },
      ];
      writeFileSync(path, `${JSON.stringify({ begin: 'crashed', items })}\n`);

      // Act
      const proxy = await createAwsProxy({ upstream: upstream(), transactionJournal: path });
      const client = proxiedDynamodb(proxy);
      const first = await client.send(new GetItemCommand({ TableName: table, Key: key('balance'), ConsistentRead: true }));
      const outcome = await transact(client, consumerTransaction(table));
      client.destroy();
      await proxy.close();

      // Assert
      expect(first.Item).toEqual({ id: { S: 'balance' }, n: n(5) });
      expect(outcome).toBe('committed');
      expect(await contents(dynamodb, table)).toEqual([{ id: { S: 'balance' }, n: n(15) }, { id: { S: 'message-1' } }]);
      expect(lines().map((line) => Object.keys(line)[0])).toEqual(['begin', 'end']);
    });

    it('does not start when an item cannot be restored, and names the table and the file', async () => {
      const table = await ledger();
      const journal = `${JSON.stringify({ begin: 'bad', items: [{ tableName: table, key: key('balance'), prior: { n: n(5) } }] })}\n`;
      writeFileSync(path, journal);

      const starting = createAwsProxy({ upstream: upstream(), transactionJournal: path });

      await expect(starting).rejects.toThrow(AwsProxyError);
      await expect(starting).rejects.toThrow(`table ${table} `);
      await expect(starting).rejects.toThrow(`journal ${path}:`);
      expect(readFileSync(path, 'utf8')).toBe(journal);
    });

    it.each([
      ['an empty path', { transactionJournal: '' }, /transactionJournal must be a file path/],
      ['a path without emulateTransactions', { transactionJournal: '/tmp/j', emulateTransactions: false }, /transactionJournal needs emulateTransactions/],
    ])('rejects %s', async (_name, options, message) => {
      const starting = createAwsProxy({ upstream: { sqs: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:2' }, ...options });

      await expect(starting).rejects.toThrow(AwsProxyOptionsError);
      await expect(starting).rejects.toThrow(message);
    });
  });
});
