import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, ledger, runCli, startCliRuntime, waitFor } from './support.js';

// `conveyor load` and `conveyor stats` against an embedded runtime of their own.
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-load');
});
afterAll(async () => {
  await runtime?.stop();
});

/** The run's ledger: credits and balance summed over its accounts. */
async function runLedger(accounts: readonly string[]): Promise<{ credits: number; balance: number }> {
  const rows = await Promise.all(accounts.map((account) => ledger(runtime, account)));
  return rows.reduce((sum, row) => ({ credits: sum.credits + row.credits, balance: sum.balance + row.balance }), { credits: 0, balance: 0 });
}

describe('conveyor load', { timeout: 120_000 }, () => {
  it('sends 50 messages with 10 % duplicates: the summary adds up and the ledger shows the unique credits', async () => {
    const result = await runCli(runtime.stateDir, ['load', '--count', '50', '--rate', '50', '--duplicates', '0.1', '--accounts', '5', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.messages).toEqual({ planned: 50, sent: 50, accepted: 50, failed: 0, duplicates: 5, uniqueAccepted: 45 });
    expect(summary.errors).toEqual({});
    expect(summary.requests).toEqual({ sent: 50, succeeded: 50, failed: 0 });
    expect(summary.latencyMs.requests).toBe(50);
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p90);
    expect(summary.accounts).toHaveLength(5);

    await waitFor(async () => (await runLedger(summary.accounts)).credits >= 45, 'the run\'s 45 credits', 30_000);
    // Duplicates arrive mixed with the originals; let the queue drain before checking none was applied.
    await waitFor(async () => {
      const { Attributes } = await runtime.sqs.send(new GetQueueAttributesCommand({
        QueueUrl: runtime.target.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }));
      return Attributes?.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0';
    }, 'the queue to drain', 30_000);
    await new Promise((done) => setTimeout(done, 1000));
    expect(await runLedger(summary.accounts)).toEqual({ credits: 45, balance: 45 });
  });

  it('uses the batch route and makes every message the asked size', async () => {
    const result = await runCli(runtime.stateDir, ['load', '--count', '30', '--rate', '100', '--batch', '10', '--size', '150', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.requests.sent).toBe(3);
    expect(summary.messages.accepted).toBe(30);
    expect(summary.messageBytes).toBe(150);
    expect(summary.accounts.every((account: string) => Buffer.byteLength(JSON.stringify({ type: 'ledger.credit', payload: { account, amount: 1 } })) === 150)).toBe(true);
  });

  it('prints a table by default, and refuses a size ledger.credit cannot carry with exit 2', async () => {
    const [table, tooBig] = await Promise.all([
      runCli(runtime.stateDir, ['load', '--count', '5', '--rate', '20']),
      runCli(runtime.stateDir, ['load', '--count', '5', '--size', '4096']),
    ]);

    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^accepted\s+5$/m);
    expect(table.stdout).toMatch(/^latency ms p50 \/ p90 \/ p99\s+[\d.]+ \/ [\d.]+ \/ [\d.]+$/m);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain('larger messages need a message type with a larger payload');
  });
});

describe('conveyor stats', { timeout: 90_000 }, () => {
  it('reports what was processed in the window, the latency and the queues', async () => {
    const load = await runCli(runtime.stateDir, ['load', '--count', '20', '--rate', '40', '--json']);
    expect(load.code, load.stderr).toBe(0);
    const { accounts } = JSON.parse(load.stdout);
    await waitFor(async () => (await runLedger(accounts)).credits >= 20, 'the 20 credits', 30_000);

    const result = await runCli(runtime.stateDir, ['stats', '--window', '5m', '--json']);

    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.target).toBe('local');
    expect(report.windowSeconds).toBe(300);
    // Everything this file sent so far: 50 + 30 + 5 + 20 messages, 45 + 30 + 5 + 20 unique.
    expect(report.counts.accepted).toBe(105);
    expect(report.counts.processed).toBe(100);
    expect(report.counts.duplicates).toBe(5);
    expect(report.totals.processed).toBe(100);
    expect(report.perSecond.processed).toBeGreaterThan(0);
    expect(report.latencyMs.samples).toBe(100);
    expect(report.latencyMs.p99).toBeGreaterThanOrEqual(report.latencyMs.p50);
    expect(report.queues.source).toMatchObject({ visible: 0, url: runtime.target.queueUrl });
    expect(report.queues.deadLetter).toMatchObject({ visible: 0, url: runtime.target.deadLetterQueueUrl });
  });

  it('prints tables by default', async () => {
    const result = await runCli(runtime.stateDir, ['stats']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^processed\s+\d+\s+[\d.]+\s+100$/m);
    expect(result.stdout).toMatch(/^ledger dead-letter\s+0\s+0\s+0\s+/m);
  });
});

// After `conveyor stats`, whose counts add up everything sent before it.
describe('conveyor load on a standard queue', { timeout: 60_000 }, () => {
  it('sends no groupId, and refuses --groups with exit 2 (a standard queue has no groups)', async () => {
    const [plain, grouped] = await Promise.all([
      runCli(runtime.stateDir, ['load', '--count', '3', '--rate', '20', '--json']),
      runCli(runtime.stateDir, ['load', '--count', '3', '--groups', '4']),
    ]);

    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout).groups).toEqual([]);
    expect(grouped.code).toBe(2);
    expect(grouped.stdout).toBe('');
    expect(grouped.stderr).toContain(`error: --groups spreads messages over FIFO message groups, but ${runtime.target.queueUrl} is a standard queue`);
  });
});
