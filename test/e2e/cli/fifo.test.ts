import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, ledger, runCli, startCliRuntime, waitFor } from './support.js';

const account = () => `fifo-${randomUUID()}`;
const credit = (name: string, amount: number) => JSON.stringify({ account: name, amount });

// `conveyor send` and `conveyor load` against a FIFO runtime of their own (-c fifo=true).
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-fifo', ['fifo=true']);
});
afterAll(async () => {
  await runtime?.stop();
});

/** The run's ledger: credits and balance summed over its accounts. */
async function runLedger(accounts: readonly string[]): Promise<{ credits: number; balance: number }> {
  const rows = await Promise.all(accounts.map((name) => ledger(runtime, name)));
  return rows.reduce((sum, row) => ({ credits: sum.credits + row.credits, balance: sum.balance + row.balance }), { credits: 0, balance: 0 });
}

async function queueDrained(): Promise<boolean> {
  const { Attributes } = await runtime.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: runtime.target.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  return Attributes?.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
}

describe('the FIFO runtime', () => {
  it('has a FIFO main queue, which is how the CLI tells', () => {
    expect(runtime.target.queueUrl.endsWith('.fifo')).toBe(true);
  });
});

describe('conveyor send on a FIFO queue', { timeout: 90_000 }, () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conveyor-cli-fifo-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('sends a message with --group-id; the consumer applies it', async () => {
    const alice = account();

    const result = await runCli(runtime.stateDir, ['send', 'ledger.credit', credit(alice, 250), '--group-id', alice]);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: expect.any(String), messageId: expect.any(String) });
    await waitFor(async () => (await ledger(runtime, alice)).credits === 1, `the credit on ${alice}`);
    expect(await ledger(runtime, alice)).toEqual({ balance: 250, credits: 1 });
  });

  it('exits 2 without sending when --group-id is missing, saying the queue is FIFO', async () => {
    const result = await runCli(runtime.stateDir, ['send', 'ledger.credit', credit(account(), 1)]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: ledger.credit goes to a FIFO queue: give the message group with --group-id <id>');
  });

  it('exits 2 on --delay-seconds, which FIFO queues do not support', async () => {
    const result = await runCli(runtime.stateDir, ['send', 'ledger.credit', credit(account(), 1), '--group-id', 'g', '--delay-seconds', '5']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: --delay-seconds is not supported on a FIFO queue');
  });

  it('sends a JSON-lines file: --group-id fills the lines without a groupId', async () => {
    const [own, filled] = [account(), account()];
    const file = join(scratch, 'mixed.jsonl');
    writeFileSync(file, [
      JSON.stringify({ type: 'ledger.credit', payload: { account: own, amount: 7 }, groupId: own }),
      JSON.stringify({ type: 'ledger.credit', payload: { account: filled, amount: 9 } }),
    ].join('\n'));

    const result = await runCli(runtime.stateDir, ['send', '--batch', file, '--group-id', 'batch-default']);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ accepted: 2, failed: 0 });
    await waitFor(async () => (await ledger(runtime, own)).balance === 7 && (await ledger(runtime, filled)).balance === 9, 'both credits');
  });

  it('names the first line without a groupId when --group-id is not given, and sends nothing', async () => {
    const name = account();
    const file = join(scratch, 'ungrouped.jsonl');
    writeFileSync(file, [
      JSON.stringify({ type: 'ledger.credit', payload: { account: name, amount: 1 }, groupId: 'g' }),
      '',
      JSON.stringify({ type: 'ledger.credit', payload: { account: name, amount: 1 } }),
    ].join('\n'));

    const result = await runCli(runtime.stateDir, ['send', '--batch', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: ${file}:3 has no groupId, which a FIFO queue requires`);
  });
});

describe('conveyor load on a FIFO queue', { timeout: 120_000 }, () => {
  it('spreads the messages over --groups groups; the ledger shows the unique credits', async () => {
    const result = await runCli(runtime.stateDir, ['load', '--count', '40', '--rate', '50', '--groups', '4', '--duplicates', '0.1', '--accounts', '5', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.messages).toEqual({ planned: 40, sent: 40, accepted: 40, failed: 0, duplicates: 4, uniqueAccepted: 36 });
    expect(summary.groups).toEqual([0, 1, 2, 3].map((n) => `load-${summary.runId}-g${n}`));
    await waitFor(async () => (await runLedger(summary.accounts)).credits >= 36, 'the run\'s 36 credits', 60_000);
    await waitFor(queueDrained, 'the queue to drain', 60_000);
    expect(await runLedger(summary.accounts)).toEqual({ credits: 36, balance: 36 });
  });

  it('uses 10 groups by default, on the single and the batch route', async () => {
    const [single, batch] = await Promise.all([
      runCli(runtime.stateDir, ['load', '--count', '20', '--rate', '40', '--json']),
      runCli(runtime.stateDir, ['load', '--count', '30', '--rate', '60', '--batch', '10', '--json']),
    ]);

    for (const result of [single, batch]) {
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.groups).toHaveLength(10);
      expect(summary.messages.failed).toBe(0);
      expect(summary.errors).toEqual({});
    }
    const accounts = [...JSON.parse(single.stdout).accounts, ...JSON.parse(batch.stdout).accounts];
    await waitFor(async () => (await runLedger(accounts)).credits === 50, 'the 50 credits', 60_000);
  });

  it('prints the number of groups in the table', async () => {
    const result = await runCli(runtime.stateDir, ['load', '--count', '3', '--rate', '20', '--groups', '2']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^message groups \(FIFO\)\s+2$/m);
  });
});
