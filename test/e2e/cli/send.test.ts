import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, ledger, runCli, spawnCli, startCliRuntime, waitFor } from './support.js';

const account = () => `cli-${randomUUID()}`;

// `conveyor send` and `conveyor tail` against an embedded runtime of their own.
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-send');
});
afterAll(async () => {
  await runtime?.stop();
});

describe('conveyor send', { timeout: 90_000 }, () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conveyor-cli-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('sends one message and prints the API\'s answer; the consumer applies it', async () => {
    const alice = account();

    const result = await runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: alice, amount: 250 })]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: expect.any(String), messageId: expect.any(String) });
    await waitFor(async () => (await ledger(runtime, alice)).credits === 1, `the credit on ${alice}`);
    expect(await ledger(runtime, alice)).toEqual({ balance: 250, credits: 1 });
  });

  it('tells a type on a FIFO queue by the stack\'s Queues output: orders.place needs --group-id on a stack whose default queue is standard', async () => {
    const order = JSON.stringify({ customerId: 'cli-cust', lines: [{ sku: 'A-1', quantity: 1 }], totalCents: 100 });

    const ungrouped = await runCli(runtime.stateDir, ['send', 'orders.place', order]);
    const grouped = await runCli(runtime.stateDir, ['send', 'orders.place', order, '--group-id', 'cli-cust']);

    expect(ungrouped.code).toBe(2);
    expect(ungrouped.stderr).toContain('error: orders.place goes to a FIFO queue: give the message group with --group-id <id>');
    expect(grouped.code, grouped.stderr).toBe(0);
    expect(JSON.parse(grouped.stdout)).toMatchObject({ messageIds: { orders: expect.any(String), ledger: expect.any(String) } });
  });

  it('sends the idempotency key: the same key twice is accepted twice and applied once', async () => {
    const bob = account();
    const key = `order-${randomUUID()}`;
    const args = ['send', 'ledger.credit', JSON.stringify({ account: bob, amount: 75 }), '--idempotency-key', key];

    const first = await runCli(runtime.stateDir, args);
    const second = await runCli(runtime.stateDir, args);

    expect([first.code, second.code]).toEqual([0, 0]);
    expect(JSON.parse(first.stdout).id).toBe(key);
    expect(JSON.parse(second.stdout).id).toBe(key);
    await waitFor(async () => (await ledger(runtime, bob)).credits >= 1, `the credit on ${bob}`);
    // Give the copy time to be consumed (and skipped) before checking it was not applied.
    await new Promise((done) => setTimeout(done, 1500));
    expect(await ledger(runtime, bob)).toEqual({ balance: 75, credits: 1 });
  });

  it('reads the payload from stdin and from a file', async () => {
    const fromStdin = account();
    const fromFile = account();
    const file = join(scratch, 'payload.json');
    writeFileSync(file, JSON.stringify({ account: fromFile, amount: 3 }));

    const piped = await runCli(runtime.stateDir, ['send', 'ledger.credit', '-'], { input: JSON.stringify({ account: fromStdin, amount: 2 }) });
    const filed = await runCli(runtime.stateDir, ['send', 'ledger.credit', '--file', file]);

    expect([piped.code, filed.code]).toEqual([0, 0]);
    await waitFor(async () => (await ledger(runtime, fromStdin)).balance === 2 && (await ledger(runtime, fromFile)).balance === 3, 'both credits');
  });

  it('sends a JSON-lines file through the batch route, in requests of at most 100', async () => {
    const accounts = Array.from({ length: 120 }, account);
    const file = join(scratch, 'messages.jsonl');
    writeFileSync(file, `${accounts.map((name, index) => JSON.stringify({ type: 'ledger.credit', payload: { account: name, amount: index + 1 }, idempotencyKey: `batch-${name}` })).join('\n')}\n`);

    const result = await runCli(runtime.stateDir, ['send', '--batch', file]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.accepted).toBe(120);
    expect(report.failed).toBe(0);
    expect(report.requests).toEqual([{ status: 202, messages: 100 }, { status: 202, messages: 20 }]);
    expect(report.results.map((item: { id: string }) => item.id)).toEqual(accounts.map((name) => `batch-${name}`));
    await waitFor(async () => (await ledger(runtime, accounts[119]!)).balance === 120 && (await ledger(runtime, accounts[0]!)).balance === 1, 'the batch\'s credits');
  });

  it('exits 1 with the API\'s error code when the API refuses the payload', async () => {
    const result = await runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: account(), amount: -5 })]);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('INVALID_PAYLOAD');
    expect(result.stderr).toMatch(/^error: 400 INVALID_PAYLOAD: /m);
  });

  it('exits 1 naming the refused items of a batch', async () => {
    const file = join(scratch, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify({ type: 'ledger.credit', payload: { account: account(), amount: 1 } })}\n${JSON.stringify({ type: 'no.such.type', payload: {} })}\n`);

    const result = await runCli(runtime.stateDir, ['send', '--batch', file]);

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.accepted).toBe(0);
    expect(report.requests).toEqual([{ status: 400, messages: 2, error: { code: 'UNKNOWN_MESSAGE_TYPE', message: expect.any(String) } }]);
  });

  it('exits 2 on wrong usage: no payload, a payload that is not JSON, an unknown option', async () => {
    const results = await Promise.all([
      runCli(runtime.stateDir, ['send', 'ledger.credit']),
      runCli(runtime.stateDir, ['send', 'ledger.credit', '{not json']),
      runCli(runtime.stateDir, ['send', '--frobnicate']),
    ]);

    expect(results.map((result) => result.code)).toEqual([2, 2, 2]);
    expect(results[0]!.stderr).toContain('no payload');
    expect(results[1]!.stderr).toContain('the payload is not JSON');
    expect(results[2]!.stderr).toContain("unknown option '--frobnicate'");
  });

  it('delays delivery with --delay-seconds on a standard queue, and refuses a delay over 900 s with exit 2', async () => {
    const carol = account();

    const [delayed, tooLong] = await Promise.all([
      runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: carol, amount: 4 }), '--delay-seconds', '1', '--group-id', 'travels-in-envelope']),
      runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: carol, amount: 4 }), '--delay-seconds', '901']),
    ]);

    expect(delayed.code, delayed.stderr).toBe(0);
    await waitFor(async () => (await ledger(runtime, carol)).credits === 1, `the delayed credit on ${carol}`);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain("option '--delay-seconds <n>' argument '901' is invalid. an integer from 0 to 900");
  });

  it('exits 1 with a clear message when Conveyor is not running', async () => {
    const empty = join(scratch, 'no-runtime');

    const result = await runCli(empty, ['send', 'ledger.credit', '{"account":"a","amount":1}']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: Conveyor is not running locally (no ${join(empty, 'local.json')}); start it with \`npm start\``);
  });

  it('prints --help with examples for every command', async () => {
    const helps = await Promise.all(['send', 'load', 'tail', 'dlq', 'stats'].map((command) => runCli(runtime.stateDir, [command, '--help'])));

    for (const help of helps) {
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
    }
  });
});

describe('conveyor tail', { timeout: 90_000 }, () => {
  it('follows processed messages and dead-lettered ones with their reason', async () => {
    const tail = spawnCli(runtime.stateDir, ['tail', '--json']);
    try {
      await waitFor(() => tail.stderr().includes('following '), 'tail to connect', 30_000);
      const key = `tail-${randomUUID()}`;
      const sent = await runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: account(), amount: 1 }), '-k', key]);
      expect(sent.code).toBe(0);
      const malformed = `not json ${randomUUID()}`;
      await runtime.sqs.send(new SendMessageCommand({ QueueUrl: runtime.target.queueUrl, MessageBody: malformed }));

      const events = () => tail.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { kind: string; idempotencyKey?: string; code?: string });
      await waitFor(() => events().some((event) => event.kind === 'processed' && event.idempotencyKey === key), `the processed line for ${key}`, 20_000);
      await waitFor(() => events().some((event) => event.kind === 'dead-lettered' && typeof event.code === 'string'), 'a dead-lettered line', 20_000);
      expect(tail.child.exitCode).toBeNull();
    } finally {
      tail.child.kill('SIGINT');
      const { code } = await tail.exited;
      expect(code).toBe(0);
    }
  });
});
